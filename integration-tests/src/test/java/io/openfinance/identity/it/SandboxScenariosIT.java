package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.openfinance.identity.it.harness.OAuthAssertions.assertPartnerError;
import static io.openfinance.identity.it.harness.OAuthAssertions.assertTokenError;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.FirstSync;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ServerSettings;

/** Each sandbox bank customer's scenario, as a partner sees it through this service (docs/admins.md, "The sandbox bank"). */
@ExtendWith(KeycloakExtension.class)
class SandboxScenariosIT {

    private static final String DATA_SCOPES = "accounts:read transactions:read:all";
    private static final int PAGE = 100;
    private static Partner partner;
    private static String base;

    @BeforeAll
    static void registerPartner(KeycloakServer server) {
        partner = Partner.register(server, "Scenario Tester", Map.of());
        base = partner.realmUrl();
    }

    @Test
    void aBankThatRefusesTheLoginGivesThePartnerAccessDeniedAndStoresNothing() {
        String profile = partner.newProfile();
        Partner.Authorization authorization = partner.authorize("openid id:sandbox", Connect.ongoingClaims(profile), "signed");

        assertPartnerError(Connect.agreeAndSignIn(authorization, "refused"), "access_denied", authorization);
        assertTokenError(partner.clientCredentials(DATA_SCOPES, profile), "invalid_grant");
    }

    @Test
    void aBankTokenThatExpiresAtOnceIsRefreshedBeforeEachBankReadAndTheDataApiReadsNone(KeycloakServer server) {
        String profile = partner.newProfile();
        int refreshesBefore = bankRefreshes(server, "expiring");
        String connection = Connect.ongoing(partner, profile, "expiring");
        assertNull(FirstSync.await(partner, profile, connection).get("error").textValue());
        int refreshesAfterConnect = bankRefreshes(server, "expiring");
        assertTrue(refreshesAfterConnect >= refreshesBefore + 1, "the first sync refreshed the token before reading");
        String dataToken = partner.accessToken(DATA_SCOPES, profile);

        assertFalse(accounts(dataToken).isEmpty());
        assertFalse(accounts(dataToken).isEmpty());
        assertEquals(refreshesAfterConnect, bankRefreshes(server, "expiring"), "the Data API reads the store, not the bank");

        assertEquals("ok", sync(profile, connection).get("status").asText());
        assertTrue(bankRefreshes(server, "expiring") >= refreshesAfterConnect + 1, "a sync refreshes before it reads");
    }

    @Test
    void aBankThatRefusesTheRefreshLeavesACredentialsErrorAndTheStoreAnswers() {
        String profile = partner.newProfile();
        String connection = Connect.ongoing(partner, profile, "revoked");
        assertNotNull(connection, "connecting works");

        assertEquals("credentials_error", FirstSync.await(partner, profile, connection).get("error").asText());
        assertEquals("error", FirstSync.await(partner, profile, connection).get("status").asText());
        assertEquals(0, accounts(partner.accessToken(DATA_SCOPES, profile)).size(), "nothing was stored, and no bank is called");
        assertEquals("error", sync(profile, connection).get("status").asText());
    }

    @Test
    void aBankWhoseDataApiIsDownLeavesASyncErrorAndTheStoreAnswers() {
        String profile = partner.newProfile();
        String connection = Connect.ongoing(partner, profile, "down");

        assertEquals("sync_error", FirstSync.await(partner, profile, connection).get("error").asText());
        assertEquals(0, accounts(partner.accessToken(DATA_SCOPES, profile)).size());
    }

    @Test
    void aBusyCustomersTwoAccountsShowAll250Transactions() {
        String profile = partner.newProfile();
        Connect.ongoing(partner, profile, "busy");
        String dataToken = partner.accessToken(DATA_SCOPES, profile);
        JsonNode accounts = accounts(dataToken);

        Set<String> transactionIds = new HashSet<>();
        accounts.forEach(account -> transactionIds.addAll(allTransactionIds(dataToken, account.get("id").asText())));

        assertEquals(2, accounts.size());
        assertEquals(250, transactionIds.size());
    }

    @Test
    void aBusinessCustomersAccountIsListed() {
        String profile = partner.newProfile();
        Connect.ongoing(partner, profile, "business");

        JsonNode accounts = accounts(partner.accessToken(DATA_SCOPES, profile));

        assertEquals(1, accounts.size());
        assertTrue(accounts.get(0).hasNonNull("id"));
    }

    /** A sync with the customer present: not counted against the unattended allowance. */
    private static JsonNode sync(String profile, String connection) {
        Http.Answer answer = Http.postJson(base + "/data/sync/" + connection,
                partner.accessToken("accounts:read accounts:write:all", profile), "{\"customerIpAddress\": \"203.0.113.7\"}");
        assertEquals(200, answer.status(), answer.body());
        return answer.json().get("data");
    }


    private static JsonNode accounts(String dataToken) {
        Http.Answer answer = Http.get(base + "/data/accounts", dataToken);
        assertEquals(200, answer.status(), answer.body());
        return answer.json().get("data");
    }

    /** Pages through an account's transactions until a short page. */
    private static Set<String> allTransactionIds(String dataToken, String accountId) {
        Set<String> ids = new HashSet<>();
        for (int offset = 0; ; offset += PAGE) {
            Http.Answer page = Http.get(base + "/data/transactions?accountId=" + Http.enc(accountId)
                    + "&limit=" + PAGE + "&offset=" + offset, dataToken);
            assertEquals(200, page.status(), page.body());
            JsonNode data = page.json().get("data");
            data.forEach(t -> ids.add(t.get("id").asText()));
            if (data.size() < PAGE) {
                return ids;
            }
        }
    }

    /** How many refreshes the sandbox bank's own event log records for a customer. */
    private static int bankRefreshes(KeycloakServer server, String customer) {
        Admin admin = new Admin(server);
        String realm = "/realms/" + ServerSettings.SANDBOX_REALM;
        String userId = admin.get(realm + "/users?exact=true&username=" + customer).get(0).get("id").asText();
        return admin.get(realm + "/events?type=REFRESH_TOKEN&max=1000&user=" + userId).size();
    }
}
