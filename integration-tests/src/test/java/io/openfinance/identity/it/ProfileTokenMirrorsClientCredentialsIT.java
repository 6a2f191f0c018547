package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

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
 * In an open-finance realm, a partner's own {@code client_credentials} token and a profile token are issued by a copy
 * of part of Keycloak 26.7.3's own {@code client_credentials} grant ({@code ServiceAccountStyleToken}). The reference is
 * Keycloak's grant itself, for the same client in the same realm, asked while the realm is briefly not open-finance
 * (the grants of ours then hand every request to Keycloak's). When an upgrade makes Keycloak's grant answer, put in its
 * token or record in its event something the copy does not, this test fails and the copy is brought level.
 */
@ExtendWith(KeycloakExtension.class)
class ProfileTokenMirrorsClientCredentialsIT {

    private static final String REALM = "/realms/" + ServerSettings.IDENTITY_REALM;
    private static final String PARTNER_SCOPES = "user:create user:read";
    /** Claims that differ between any two tokens. */
    private static final Set<String> PER_TOKEN = Set.of("jti", "iat", "exp");
    /** Claims that name the user or the token's rights, which differ by design between a partner's and a profile's. */
    private static final Set<String> PER_USER = Set.of("sub", "preferred_username", "scope");

    @Test
    void aPartnersOwnTokenIsWhatKeycloaksGrantGives(KeycloakServer server) {
        Partner partner = Partner.register(server, "Upstream Mirror Plain", Map.of());
        String serviceAccount = serviceAccountId(server, partner);

        TokenResponse stock = stockGrant(server, () -> partner.clientCredentials(PARTNER_SCOPES, null));
        Set<String> stockDetails = lastClientLoginDetails(server, partner, serviceAccount);
        TokenResponse ours = partner.clientCredentials(PARTNER_SCOPES, null);
        Set<String> ourDetails = lastClientLoginDetails(server, partner, serviceAccount);
        assertTrue(stock.indicatesSuccess() && ours.indicatesSuccess());

        assertEquals(stock.toSuccessResponse().toJSONObject().keySet(), ours.toSuccessResponse().toJSONObject().keySet(),
                "the token endpoint answers with the same fields");
        Map<String, Object> stockClaims = claims(stock);
        Map<String, Object> ourClaims = claims(ours);
        assertEquals(stockClaims.keySet(), ourClaims.keySet(), "the same claims");
        stockClaims.keySet().stream().filter(claim -> !PER_TOKEN.contains(claim))
                .forEach(claim -> assertEquals(stockClaims.get(claim), ourClaims.get(claim), claim));
        assertFalse(ourClaims.containsKey("sid"), "a transient session is named in no token");
        assertEquals(stockDetails, ourDetails, "the same event details");
    }

    @Test
    void aProfileTokenCarriesWhatKeycloaksGrantGivesThePartner(KeycloakServer server) {
        Partner partner = Partner.register(server, "Upstream Mirror", Map.of());
        String userId = partner.newProfile();
        Connect.ongoing(partner, userId, "alice");

        TokenResponse stock = stockGrant(server, () -> partner.clientCredentials("", null));
        Set<String> stockDetails = lastClientLoginDetails(server, partner, serviceAccountId(server, partner));
        TokenResponse profile = partner.clientCredentials("accounts:read", userId);
        assertTrue(stock.indicatesSuccess() && profile.indicatesSuccess());

        assertEquals(stock.toSuccessResponse().toJSONObject().keySet(), profile.toSuccessResponse().toJSONObject().keySet(),
                "the token endpoint answers with the same fields");
        Map<String, Object> stockClaims = claims(stock);
        Map<String, Object> profileClaims = claims(profile);
        for (String claim : stockClaims.keySet()) {
            if (claim.endsWith("_access")) {
                continue; // roles: the service account's and the profile's are not the same
            }
            assertTrue(profileClaims.containsKey(claim), "Keycloak's grant puts " + claim + " in its token, a profile token does not");
            if (!PER_TOKEN.contains(claim) && !PER_USER.contains(claim)) {
                assertEquals(stockClaims.get(claim), profileClaims.get(claim), claim);
            }
        }
        assertEquals(partner.clientId(), profileClaims.get("azp"));

        Set<String> profileDetails = lastClientLoginDetails(server, partner, userId);
        assertTrue(profileDetails.containsAll(stockDetails),
                "event details of Keycloak's grant " + stockDetails + ", of a profile token " + profileDetails);
    }

    /** Keycloak's own grant: the identity realm not open-finance while {@code request} runs. */
    private static TokenResponse stockGrant(KeycloakServer server, Supplier<TokenResponse> request) {
        Admin admin = new Admin(server);
        markOpenFinance(admin, false);
        try {
            return request.get();
        } finally {
            markOpenFinance(admin, true);
        }
    }

    private static void markOpenFinance(Admin admin, boolean openFinance) {
        Http.Answer answer = admin.put(REALM, "{\"attributes\":{\"of.openFinance\":\"" + openFinance + "\"}}");
        assertEquals(204, answer.status(), answer.body());
        assertEquals(String.valueOf(openFinance), admin.get(REALM).get("attributes").get("of.openFinance").asText());
    }

    private static Map<String, Object> claims(TokenResponse response) {
        return Partner.claimsOf(response.toSuccessResponse().getTokens().getAccessToken().getValue());
    }

    private static String serviceAccountId(KeycloakServer server, Partner partner) {
        String clientUuid = new Admin(server).get(REALM + "/clients?clientId=" + Http.enc(partner.clientId())).get(0).get("id").asText();
        return new Admin(server).get(REALM + "/clients/" + clientUuid + "/service-account-user").get("id").asText();
    }

    private static Set<String> lastClientLoginDetails(KeycloakServer server, Partner partner, String userId) {
        JsonNode events = new Admin(server).get(REALM + "/events?type=CLIENT_LOGIN&client=" + Http.enc(partner.clientId())
                + "&user=" + userId + "&max=1");
        assertEquals(1, events.size(), "a CLIENT_LOGIN event for " + userId);
        Set<String> details = new HashSet<>();
        events.get(0).get("details").fieldNames().forEachRemaining(details::add);
        return details;
    }
}
