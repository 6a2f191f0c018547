package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Chromium;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.FirstSync;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Metrics;
import io.openfinance.identity.it.harness.ObSandboxBrowsing;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.PartnerCallbackServer;
import io.openfinance.identity.it.harness.SandboxBank;
import io.openfinance.identity.it.harness.ServerSettings;
import io.openfinance.identity.it.harness.Waiting;

/**
 * A UK Open Banking connection end to end, in Chromium: our consent page, the Open Banking sandbox's sign-in and its
 * account-selection page (screenshots {@code ob-account-selection-*}), back to the partner, then data read through the
 * {@code uk-ob-ais} connector; by the code flow ({@code ob-sandbox}), and by the hybrid flow
 * ({@code ob-sandbox-hybrid}), whose answer comes back in the fragment through our page's script. What the partner reads is compared with the sandbox bank's own books, read through its
 * plain data API for the same customer: same accounts chosen, same minor units, whatever the currency's exponent.
 */
@ExtendWith(KeycloakExtension.class)
class UkOpenBankingIT {

    private static final String DATA_SCOPES = "accounts:read transactions:read:all";
    private static PartnerCallbackServer partnerApp;
    private static Partner partner;
    private static Chromium chromium;
    private static Chromium withJavaScript;
    private static SandboxBank bank;
    private static KeycloakServer server;
    private static String base;
    private static String obSandbox;

    @BeforeAll
    static void start(KeycloakServer started) {
        server = started;
        partnerApp = new PartnerCallbackServer();
        partner = Partner.register(server, "Acme Budgeting", Map.of(), partnerApp.redirectUri());
        chromium = new Chromium();
        withJavaScript = Chromium.withJavaScript();
        bank = new SandboxBank(server);
        base = partner.realmUrl();
        obSandbox = server.realmUrl(ServerSettings.SANDBOX_REALM) + "/open-banking";
    }

    @AfterAll
    static void stop() {
        chromium.close();
        withJavaScript.close();
        partnerApp.close();
    }

    @Test
    void theCustomerSharesOneOfTwoAccountsAndThePartnerReadsExactlyThatAccount() {
        String userId = newUser();
        connect(userId, "busy", name -> name.startsWith("Euro account"), "ob-account-selection-one-of-two");

        List<JsonNode> accounts = accounts(userId);
        assertEquals(1, accounts.size(), "only the account the customer chose: " + accounts);
        JsonNode euro = accounts.get(0);
        JsonNode books = bank.account("busy", "EUR");
        assertEquals("EUR", euro.at("/balance/amount/currency").asText());
        assertEquals(books.get("balance").asLong(), euro.at("/balance/amount/value").asLong());
        assertEquals(bank.signedAmounts("busy", books.get("id").asText()), amounts(userId, euro.get("id").asText()),
                "every transaction, across the bank's Links.Next pages, to the minor unit");
    }

    @Test
    void theHybridFlowAnswersThroughOurFragmentPageAndThePartnerReadsTheChosenAccount() {
        String userId = newUser();
        connectWith(withJavaScript, partner.authorize("openid id:ob-sandbox-hybrid", Connect.ongoingClaims(userId), "signed"),
                "busy", name -> name.startsWith("Euro account"), "ob-account-selection-hybrid");

        List<JsonNode> accounts = accounts(userId);
        assertEquals(1, accounts.size(), "only the account the customer chose: " + accounts);
        JsonNode books = bank.account("busy", "EUR");
        assertEquals(books.get("balance").asLong(), accounts.get(0).at("/balance/amount/value").asLong());
        assertEquals(bank.signedAmounts("busy", books.get("id").asText()), amounts(userId, accounts.get(0).get("id").asText()));
    }

    @Test
    void exactAmountsInPoundsYenAndDinars() {
        String userId = newUser();
        connect(userId, "multi", name -> true, "ob-account-selection-three-currencies");

        Map<String, JsonNode> byCurrency = accounts(userId).stream()
                .collect(Collectors.toMap(a -> a.at("/balance/amount/currency").asText(), a -> a));
        assertEquals(Set.of("GBP", "JPY", "BHD"), byCurrency.keySet());
        byCurrency.forEach((currency, account) -> {
            JsonNode books = bank.account("multi", currency);
            assertEquals(books.get("balance").asLong(), account.at("/balance/amount/value").asLong(), currency + " balance");
            assertEquals(bank.signedAmounts("multi", books.get("id").asText()), amounts(userId, account.get("id").asText()),
                    currency + " transactions");
        });
    }

    @Test
    void deletingTheConnectionRevokesTheConsentAtTheBank() {
        String userId = newUser();
        String connectionId = connect(userId, "alice", name -> true, null);
        assertEquals("Authorised", latestConsentStatus("alice"));

        assertEquals(204, Http.delete(base + "/users/" + userId + "/connections/" + connectionId,
                partner.accessToken("connection:delete", null)).status());

        assertTrue(Waiting.until(() -> "Revoked".equals(latestConsentStatus("alice")), Duration.ofSeconds(30)),
                "the consent still " + latestConsentStatus("alice") + " at the bank");
    }

    @Test
    void aConsentTheCustomerAlreadyRevokedIsNotDeletedAgainAfterTheBanksRefusal() {
        String userId = newUser();
        String connectionId = connect(userId, "bob", name -> true, null);
        assertEquals(200, Http.postJson(obSandbox + "/sandbox/customers/bob/consents/revoke", null, "{}").status());
        double refused = revocations("refused");
        double retried = revocations("retry");

        assertEquals(204, Http.delete(base + "/users/" + userId + "/connections/" + connectionId,
                partner.accessToken("connection:delete", null)).status());

        assertTrue(Waiting.until(() -> revocations("refused") == refused + 1, Duration.ofSeconds(30)),
                "the bank's 400 to deleting a revoked consent did not end the revocation");
        Waiting.sleep(Duration.ofSeconds(4));
        assertEquals(retried, revocations("retry"), "the bank was asked again after its refusal");
    }

    @Test
    void aConsentTheCustomerRevokedAtTheBankIsACredentialsErrorUntilReauthorised() {
        String userId = newUser();
        String connectionId = connect(userId, "bob", name -> true, null);
        assertFalse(accounts(userId).isEmpty());

        assertEquals(200, Http.postJson(obSandbox + "/sandbox/customers/bob/consents/revoke", null, "{}").status());
        assertEquals("error", syncWithTheCustomerPresent(userId, connectionId).get("status").asText());
        assertEquals("credentials_error", connection(userId, connectionId).get("error").asText());
        assertFalse(accounts(userId).isEmpty(), "the store still answers what the bank gave before");

        String renew = "{\"id_token\":{\"sub\":{\"value\":\"" + userId + "\"},\"mh:con_id\":{\"essential\":true,\"value\":\""
                + connectionId + "\"}}}";
        connectWith(chromium, partner.authorize("openid id:ob-sandbox", renew, "signed"), "bob", name -> true, null);
        assertFalse(accounts(userId).isEmpty(), "reauthorised: a new consent, the same connection");
        assertEquals("ok", connection(userId, connectionId).get("status").asText());
    }

    @Test
    void aBankThatDoesNotEchoTheInteractionIdIsNotBelieved() {
        String userId = newUser();
        String connectionId = connect(userId, "noecho", name -> true, null);

        assertEquals("sync_error", FirstSync.await(partner, userId, connectionId).get("error").asText());
        assertEquals("error", syncWithTheCustomerPresent(userId, connectionId).get("status").asText());
        assertTrue(accounts(userId).isEmpty(), "nothing the unbelieved bank sent was stored");
    }

    @Test
    void anObErrorBodyIsLoggedWithItsCodesAndNeverPassedOn() throws IOException {
        String userId = newUser();
        String connectionId = connect(userId, "down", name -> true, null);

        assertEquals("sync_error", FirstSync.await(partner, userId, connectionId).get("error").asText());
        Http.Answer sync = Http.postJson(base + "/data/sync/" + connectionId,
                partner.accessToken("accounts:read accounts:write:all", userId), CUSTOMER_PRESENT);
        assertEquals("error", sync.json().at("/data/status").asText(), sync.body());
        String syncs = Http.get(base + "/users/" + userId + "/connections/" + connectionId + "/syncs",
                partner.accessToken("user:read", null)).body();
        for (String partnerSees : List.of(sync.body(), syncs, connection(userId, connectionId).toString())) {
            assertFalse(partnerSees.contains("UK.OBIE") || partnerSees.contains("down"), partnerSees);
        }
        if (server.logFile() != null) {
            String log = Files.readString(server.logFile());
            assertTrue(log.contains("UK.OBIE.UnexpectedError]") && log.contains("x-fapi-interaction-id"),
                    "the OB error's codes are logged with the interaction id");
            assertFalse(log.contains("The bank's data service is down"), "the bank's free text is not logged");
        }
    }

    private static final String CUSTOMER_PRESENT = "{\"customerIpAddress\": \"203.0.113.7\"}";

    /** A partner's sync with the customer present (not counted against the unattended allowance); its answer's data. */
    private static JsonNode syncWithTheCustomerPresent(String userId, String connectionId) {
        Http.Answer answer = Http.postJson(base + "/data/sync/" + connectionId,
                partner.accessToken("accounts:read accounts:write:all", userId), CUSTOMER_PRESENT);
        assertEquals(200, answer.status(), answer.body());
        return answer.json().get("data");
    }

    /** Connects the customer through our consent page and the sandbox's pages; the connection's id. */
    private static String connect(String userId, String customer, Predicate<String> shares, String screenshot) {
        return connectWith(chromium, partner.authorize("openid id:ob-sandbox", Connect.ongoingClaims(userId), "signed"),
                customer, shares, screenshot);
    }

    private static String connectWith(Chromium using, Partner.Authorization authorization, String customer,
                                      Predicate<String> shares, String screenshot) {
        ObSandboxBrowsing.agreeAndShare(using, authorization.url(), customer, shares, screenshot);
        Partner.Tokens tokens = partner.exchange(authorization, partnerApp.awaitCallback());
        String connectionId = (String) tokens.idToken().getClaim("mh:con_id");
        assertNotNull(connectionId, "id token carries mh:con_id");
        return connectionId;
    }

    private static String newUser() {
        return Http.postJson(base + "/users", partner.accessToken("user:create", null), "{}").json().get("userId").asText();
    }

    private static List<JsonNode> accounts(String userId) {
        Http.Answer answer = Http.get(base + "/data/accounts", partner.accessToken(DATA_SCOPES, userId));
        assertEquals(200, answer.status(), answer.body());
        List<JsonNode> accounts = new ArrayList<>();
        answer.json().get("data").forEach(accounts::add);
        return accounts;
    }

    /** The signed minor units of an account's transactions as the partner reads them, sorted. */
    private static List<Long> amounts(String userId, String accountId) {
        Http.Answer answer = Http.get(base + "/data/transactions?limit=500&accountId=" + Http.enc(accountId),
                partner.accessToken(DATA_SCOPES, userId));
        assertEquals(200, answer.status(), answer.body());
        List<Long> amounts = new ArrayList<>();
        answer.json().get("data").forEach(t -> amounts.add(t.at("/amount/value").asLong()));
        return amounts.stream().sorted().toList();
    }

    private static JsonNode connection(String userId, String connectionId) {
        return Http.get(base + "/users/" + userId + "/connections/" + connectionId, partner.accessToken("user:read", null))
                .json().get("data");
    }

    /** The status of the customer's latest consent at the bank, as its app shows it. */
    private static double revocations(String outcome) {
        return Metrics.sum(server, "of_bank_revocations_total", "bank=\"ob-sandbox\"", "outcome=\"" + outcome + "\"");
    }

    private static String latestConsentStatus(String customer) {
        JsonNode consents = Http.get(obSandbox + "/sandbox/customers/" + customer + "/consents", null).json();
        assertTrue(consents.isArray() && !consents.isEmpty(), customer + " has no consent at the bank: " + consents);
        return consents.get(consents.size() - 1).get("Status").asText();
    }
}
