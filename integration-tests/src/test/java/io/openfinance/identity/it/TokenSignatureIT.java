package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.FapiPartner;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;

/**
 * Access tokens are read only by this service (the Data API, {@code /users}, inside Keycloak), so their algorithm is
 * ours: the sample partner gets HS512 on the realm's own secret, the cheapest to sign and, unlike ES256, also the
 * cheapest to verify on every API call. The FAPI sample keeps ES256, as FAPI asks of every JWS. Id tokens stay as each
 * partner registered (RS256 for both samples; {@link Partner#exchange} and {@link FapiPartner#exchange} validate them
 * as RS256 on the realm's JWKS).
 */
@ExtendWith(KeycloakExtension.class)
class TokenSignatureIT {

    @Test
    void demoPartnersAccessTokensAreHs512OnTheRealmSecretAndItsIdTokenStaysRs256(KeycloakServer server) {
        Partner demo = Partner.sample(server, "demo-partner");
        String realmSecret = new Admin(server).get("/realms/identity/keys").get("active").get("HS512").asText();
        String partnerToken = demo.accessToken("user:create", null);
        assertHs512On(server, realmSecret, partnerToken);
        String profile = Http.postJson(demo.realmUrl() + "/users", partnerToken, "{}").json().get("userId").asText();

        Partner.Authorization authorization = demo.authorize("openid id:sandbox", Connect.ongoingClaims(profile), "unsigned");
        Partner.Tokens tokens = demo.exchange(authorization, Connect.agreeAndSignIn(authorization, "alice").partnerCallback());
        assertEquals(profile, tokens.idToken().getSubject().getValue());
        assertHs512On(server, realmSecret, tokens.accessToken());
        assertEquals(profile, Http.get(demo.realmUrl() + "/protocol/openid-connect/userinfo", tokens.accessToken()).json()
                .get("sub").asText(), "a standard client's userinfo call takes the HS512 access token");

        String dataToken = demo.accessToken("accounts:read", profile);
        assertHs512On(server, realmSecret, dataToken);
        assertEquals(200, Http.get(demo.realmUrl() + "/data/accounts", dataToken).status());
    }

    @Test
    void anHs512AccessTokenChangedInAnyPartIsRefused(KeycloakServer server) {
        Partner demo = Partner.sample(server, "demo-partner");
        String[] token = demo.accessToken("user:read", null).split("\\.");
        String users = demo.realmUrl() + "/users";
        assertEquals(200, Http.get(users, String.join(".", token)).status());

        String widerPayload = base64Url(new String(Base64.getUrlDecoder().decode(token[1]), StandardCharsets.UTF_8)
                .replace("\"scope\":\"user:read\"", "\"scope\":\"user:read user:delete\""));
        assertNotEquals(token[1], widerPayload, "the payload to widen has no scope user:read");
        String otherSignature = base64Url("not the realm's signature");
        String unsignedHeader = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        for (String forged : List.of(token[0] + "." + widerPayload + "." + token[2], token[0] + "." + token[1] + "." + otherSignature,
                unsignedHeader + "." + token[1] + ".")) {
            assertEquals(401, Http.get(users, forged).status(), forged);
        }
    }

    @Test
    void fapiPartnersAccessTokensAreEs256AndItsIdTokenStaysAsRegistered(KeycloakServer server) {
        FapiPartner fapi = new FapiPartner(server);
        String partnerToken = fapi.accessToken("user:create", null);
        assertEs256OnRealmKeys(server, partnerToken);
        String profile = Http.postJson(fapi.issuer() + "/users", partnerToken, "{}").json().get("userId").asText();

        FapiPartner.Pushed pushed = fapi.push("openid id:sandbox", Connect.ongoingClaims(profile));
        HttpBrowser.Stop back = Connect.agreeAndSignIn(fapi.authorizationUrl(pushed), FapiPartner.REDIRECT_URI, "alice");
        Partner.Tokens tokens = fapi.exchange(pushed, back.partnerCallback());

        assertEquals(profile, tokens.idToken().getSubject().getValue());
        assertEs256OnRealmKeys(server, tokens.accessToken());
    }

    @Test
    void aPartnerAnAdminAddsWithoutTheSettingKeepsKeycloaksRs256(KeycloakServer server) throws Exception {
        Partner added = Partner.register(server, "Plain Partner", Map.of());

        String token = added.accessToken("user:create", null);

        assertEquals(JWSAlgorithm.RS256, SignedJWT.parse(token).getHeader().getAlgorithm());
        assertEquals(201, Http.postJson(added.realmUrl() + "/users", token, "{}").status());
    }

    private static void assertEs256OnRealmKeys(KeycloakServer server, String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
            JWKSet realmKeys = JWKSet.load(URI.create(server.realmUrl("identity") + "/protocol/openid-connect/certs").toURL());
            JWK key = realmKeys.getKeyByKeyId(jwt.getHeader().getKeyID());
            assertEquals("P-256", ((ECKey) key).getCurve().getName());
            assertTrue(jwt.verify(new ECDSAVerifier((ECKey) key)), "ES256 signature does not verify on the realm's key");
        } catch (java.text.ParseException | java.io.IOException | JOSEException e) {
            throw new AssertionError(e);
        }
    }

    /** HS512 with the realm's active HMAC key, a secret that the realm's published keys do not hold. */
    private static void assertHs512On(KeycloakServer server, String realmSecretKid, String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            assertEquals(JWSAlgorithm.HS512, jwt.getHeader().getAlgorithm());
            assertEquals(realmSecretKid, jwt.getHeader().getKeyID());
            JWKSet realmKeys = JWKSet.load(URI.create(server.realmUrl("identity") + "/protocol/openid-connect/certs").toURL());
            assertNull(realmKeys.getKeyByKeyId(realmSecretKid), "the realm publishes its HMAC secret");
        } catch (java.text.ParseException | java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
