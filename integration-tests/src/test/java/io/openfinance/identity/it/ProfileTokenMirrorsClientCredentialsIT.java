package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
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
 * A profile token ({@code client_credentials} with {@code sub}) is issued by a copy of part of Keycloak 26.7.3's own
 * {@code client_credentials} grant. Stock {@code client_credentials} is the reference: when an upgrade makes it answer,
 * put in its token or record in its event something the copy does not, this test fails and the copy is brought level.
 */
@ExtendWith(KeycloakExtension.class)
class ProfileTokenMirrorsClientCredentialsIT {

    /** Claims that name the user, the token or its rights, which differ by design. */
    private static final Set<String> OWN_VALUES = Set.of("sub", "preferred_username", "jti", "iat", "exp", "scope");

    @Test
    void aProfileTokenCarriesWhatStockClientCredentialsCarries(KeycloakServer server) {
        Partner partner = Partner.register(server, "Upstream Mirror", Map.of());
        String userId = partner.newProfile();
        Connect.ongoing(partner, userId, "alice");

        TokenResponse stock = partner.clientCredentials("", null);
        TokenResponse profile = partner.clientCredentials("accounts:read", userId);
        assertTrue(stock.indicatesSuccess() && profile.indicatesSuccess());

        assertEquals(stock.toSuccessResponse().toJSONObject().keySet(), profile.toSuccessResponse().toJSONObject().keySet(),
                "the token endpoint answers with the same fields");

        Map<String, Object> stockClaims = Partner.claimsOf(stock.toSuccessResponse().getTokens().getAccessToken().getValue());
        Map<String, Object> profileClaims = Partner.claimsOf(profile.toSuccessResponse().getTokens().getAccessToken().getValue());
        for (String claim : stockClaims.keySet()) {
            if (claim.endsWith("_access")) {
                continue; // roles: the service account's and the profile's are not the same
            }
            assertTrue(profileClaims.containsKey(claim), "stock client_credentials puts " + claim + " in its token, a profile token does not");
            if (!OWN_VALUES.contains(claim)) {
                assertEquals(stockClaims.get(claim), profileClaims.get(claim), claim);
            }
        }
        assertEquals(partner.clientId(), profileClaims.get("azp"));

        Set<String> stockDetails = lastClientLoginDetails(server, partner, serviceAccountId(server, partner));
        Set<String> profileDetails = lastClientLoginDetails(server, partner, userId);
        assertTrue(profileDetails.containsAll(stockDetails),
                "event details of stock client_credentials " + stockDetails + ", of a profile token " + profileDetails);
    }

    private static String serviceAccountId(KeycloakServer server, Partner partner) {
        String realm = "/realms/" + ServerSettings.IDENTITY_REALM;
        String clientUuid = new Admin(server).get(realm + "/clients?clientId=" + Http.enc(partner.clientId())).get(0).get("id").asText();
        return new Admin(server).get(realm + "/clients/" + clientUuid + "/service-account-user").get("id").asText();
    }

    private static Set<String> lastClientLoginDetails(KeycloakServer server, Partner partner, String userId) {
        JsonNode events = new Admin(server).get("/realms/" + ServerSettings.IDENTITY_REALM + "/events?type=CLIENT_LOGIN&client="
                + Http.enc(partner.clientId()) + "&user=" + userId + "&max=1");
        assertEquals(1, events.size(), "a CLIENT_LOGIN event for " + userId);
        Set<String> details = new HashSet<>();
        events.get(0).get("details").fieldNames().forEachRemaining(details::add);
        return details;
    }
}
