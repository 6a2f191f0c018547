package io.openfinance.identity.it;

import static io.openfinance.identity.it.harness.OAuthAssertions.assertTokenError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.TokenResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;

/** {@code jwt-bearer} only for the partners an admin allowed it, with Keycloak's own per-client switch. */
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

    private static JWTClaimsSet assertion(Partner partner, String profile) {
        return new JWTClaimsSet.Builder().issuer(partner.clientId()).subject(profile).audience(partner.realmUrl() + "/oidc")
                .jwtID(UUID.randomUUID().toString()).issueTime(new Date())
                .expirationTime(new Date(System.currentTimeMillis() + 300_000)).build();
    }
}
