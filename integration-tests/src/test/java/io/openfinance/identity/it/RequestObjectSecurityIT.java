package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Date;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;

/**
 * A client that must sign its request objects gets no connection from an unsigned, forged, stale or
 * misaddressed one: Keycloak's own request-object verification, proven on for this realm.
 */
@ExtendWith(KeycloakExtension.class)
class RequestObjectSecurityIT {

    private static Partner strict;
    private static String profile;

    @BeforeAll
    static void clientRequiringSignedRequestObjects(KeycloakServer server) {
        strict = Partner.register(server, "Strict Partner", Map.of(
                "request.object.required", "request or request_uri",
                "request.object.signature.alg", "RS256"));
        profile = strict.newProfile();
    }

    @Test
    void aProperlySignedRequestObjectReachesTheConsentPage() {
        assertConsentPage(strict.authorize("openid id:sandbox", Connect.ongoingClaims(profile), "signed").url());
    }

    @Test
    void unsignedRequestObjectIsRefused() {
        assertRefused(strict.authorize("openid id:sandbox", Connect.ongoingClaims(profile), "unsigned").url());
    }

    @Test
    void plainClaimsQueryIsRefused() {
        assertRefused(strict.authorize("openid id:sandbox", Connect.ongoingClaims(profile), "query").url());
    }

    @Test
    void requestObjectSignedWithAKeyNotInTheClientsJwksIsRefused() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(strict.clientId()).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256).generate();
        assertRefused(strict.authorize("openid id:sandbox", Connect.ongoingClaims(profile), "signed", UnaryOperator.identity(), stranger).url());
    }

    @Test
    void expiredRequestObjectIsRefused() {
        Date past = new Date(System.currentTimeMillis() - 600_000);
        assertRefused(tampered(claims -> claims.issueTime(new Date(past.getTime() - 60_000)).expirationTime(past)));
    }

    @Test
    void requestObjectForAnotherAudienceIsRefused() {
        assertRefused(tampered(claims -> claims.audience("https://other-idp.example/realms/identity")));
    }

    @Test
    void requestObjectNamingAnotherClientIsRefused() {
        assertRefused(tampered(claims -> claims.claim("client_id", "someone-else")));
    }

    @Test
    void requestObjectWithAnUnregisteredRedirectUriIsRefusedWithoutRedirecting() {
        assertRefused(tampered(claims -> claims.claim("redirect_uri", "https://evil.example/cb")));
        HttpBrowser.Stop stop = new HttpBrowser("https://evil.example").open(URI.create(strict.realmUrl()
                + "/protocol/openid-connect/auth?client_id=" + Http.enc(strict.clientId())
                + "&response_type=code&scope=openid&redirect_uri=" + Http.enc("https://evil.example/cb")));
        assertNull(stop.partnerCallback(), "never redirect to an unregistered URI");
    }

    private static URI tampered(UnaryOperator<JWTClaimsSet.Builder> tamper) {
        return strict.authorize("openid id:sandbox", Connect.ongoingClaims(profile), "signed", tamper, null).url();
    }

    private static void assertConsentPage(URI url) {
        HttpBrowser.Stop stop = new HttpBrowser(Partner.REDIRECT_URI).open(url);
        assertFalse(stop.atPartner(), "expected the consent page, got " + stop.partnerCallback());
        assertTrue(stop.page().getElementById("consent-agree") != null, stop.page().text());
    }

    /** Refused: an error back at the registered redirect URI, or an error page; never the consent page. */
    private static void assertRefused(URI url) {
        HttpBrowser.Stop stop = new HttpBrowser(Partner.REDIRECT_URI).open(url);
        if (stop.atPartner()) {
            String query = stop.partnerCallback().getQuery();
            assertTrue(query.contains("error=") && !query.contains("code="), stop.partnerCallback().toString());
        } else {
            assertNull(stop.page().getElementById("consent-agree"), "no consent page for a refused request object");
            assertTrue(stop.status() >= 400, "status " + stop.status());
        }
    }
}
