package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
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

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.FapiPartner;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;

/**
 * Access tokens are read only by this service, so the shipped partners get the cheaper ES256 for them
 * ({@code access.token.signed.response.alg}), while id tokens stay as each partner registered (RS256 for both samples;
 * {@link Partner#exchange} and {@link FapiPartner#exchange} validate them as RS256 on the realm's JWKS).
 */
@ExtendWith(KeycloakExtension.class)
class TokenSignatureIT {

    @Test
    void demoPartnersAccessTokensAreEs256OnTheRealmKeysAndItsIdTokenStaysRs256(KeycloakServer server) {
        Partner demo = Partner.sample(server, "demo-partner");
        String partnerToken = demo.accessToken("user:create", null);
        assertEs256OnRealmKeys(server, partnerToken);
        String profile = Http.postJson(demo.realmUrl() + "/users", partnerToken, "{}").json().get("userId").asText();

        Partner.Authorization authorization = demo.authorize("openid id:sandbox", Connect.ongoingClaims(profile), "unsigned");
        Partner.Tokens tokens = demo.exchange(authorization, Connect.agreeAndSignIn(authorization, "alice").partnerCallback());
        assertEquals(profile, tokens.idToken().getSubject().getValue());
        assertEs256OnRealmKeys(server, tokens.accessToken());

        String dataToken = demo.accessToken("accounts:read", profile);
        assertEs256OnRealmKeys(server, dataToken);
        assertEquals(200, Http.get(demo.realmUrl() + "/data/accounts", dataToken).status());
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
}
