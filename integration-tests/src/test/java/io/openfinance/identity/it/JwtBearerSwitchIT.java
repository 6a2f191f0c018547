package io.openfinance.identity.it;

import static io.openfinance.identity.it.harness.OAuthAssertions.assertTokenError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.ParseException;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * {@code jwt-bearer} only for the partners an admin allowed it, with Keycloak's own per-client switch; each answer
 * leaves its audit event in the realm's event store, as every other token does.
 */
@ExtendWith(KeycloakExtension.class)
class JwtBearerSwitchIT {

    /** Keycloak's client attribute for the JWT authorization grant (the console's "JWT Authorization Grant" switch). */
    static final String GRANT_ENABLED = "oauth2.jwt.authorization.grant.enabled";

    @Test
    void aNewPartnerGetsNoJwtBearerTokenUntilAnAdminTurnsTheGrantOn(KeycloakServer server) {
        Partner partner = Partner.register(server, "Bearer Switch Partner", Map.of());
        String profile = partner.newProfile();
        Connect.ongoing(partner, profile, "alice");

        TokenResponse refused = partner.jwtBearer("accounts:read", assertion(partner, profile));
        assertTokenError(refused, "unauthorized_client");

        partner.setAttribute(GRANT_ENABLED, "true");
        TokenResponse allowed = partner.jwtBearer("accounts:read", assertion(partner, profile));
        assertTrue(allowed.indicatesSuccess(), allowed.toString());
        String dataToken = allowed.toSuccessResponse().getTokens().getAccessToken().getValue();
        assertEquals(200, Http.get(partner.realmUrl() + "/data/accounts", dataToken).status());

        partner.setAttribute(GRANT_ENABLED, "false");
        assertTokenError(partner.jwtBearer("accounts:read", assertion(partner, profile)), "unauthorized_client");
    }

    /** Keycloak records this grant as {@code JWT_AUTHORIZATION_GRANT}, not {@code CLIENT_LOGIN}: the realm must store it. */
    @Test
    void eachJwtBearerAnswerLeavesItsStoredAuditEvent(KeycloakServer server) throws ParseException {
        Partner partner = Partner.register(server, "Bearer Audit Partner", Map.of(GRANT_ENABLED, "true"));
        String profile = partner.newProfile();
        Connect.ongoing(partner, profile, "alice");

        TokenResponse issued = partner.jwtBearer("accounts:read", assertion(partner, profile));
        assertTrue(issued.indicatesSuccess(), issued.toString());
        String tokenId = SignedJWT.parse(issued.toSuccessResponse().getTokens().getAccessToken().getValue()).getJWTClaimsSet().getJWTID();
        JsonNode granted = events(server, partner, "JWT_AUTHORIZATION_GRANT");
        assertEquals(1, granted.size(), granted.toString());
        assertEquals(profile, granted.get(0).get("userId").asText());
        assertEquals(tokenId, granted.get(0).get("details").get("token_id").asText());

        String unknownProfile = UUID.randomUUID().toString();
        assertTokenError(partner.jwtBearer("accounts:read", assertion(partner, unknownProfile)), "invalid_grant");
        JsonNode refused = events(server, partner, "JWT_AUTHORIZATION_GRANT_ERROR");
        assertEquals(1, refused.size(), refused.toString());
        assertEquals("user_not_found", refused.get(0).get("error").asText());
    }

    private static JsonNode events(KeycloakServer server, Partner partner, String type) {
        return new Admin(server).get("/realms/" + ServerSettings.IDENTITY_REALM + "/events?type=" + type + "&client="
                + Http.enc(partner.clientId()));
    }

    /** A new assertion of {@code partner} for {@code profile}: its own {@code jti}, valid five minutes. */
    static JWTClaimsSet assertion(Partner partner, String profile) {
        return new JWTClaimsSet.Builder().issuer(partner.clientId()).subject(profile).audience(partner.realmUrl() + "/oidc")
                .jwtID(UUID.randomUUID().toString()).issueTime(new Date())
                .expirationTime(new Date(System.currentTimeMillis() + 300_000)).build();
    }
}
