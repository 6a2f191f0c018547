package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.SandboxBank;
import io.openfinance.identity.it.harness.ServerSettings;

/** The sandbox bank's own contract and scenario customers, met directly as the identity service meets them. */
@ExtendWith(KeycloakExtension.class)
class SandboxBankApiIT {

    private static final Set<String> ACCOUNT_TYPES = Set.of("current", "savings", "credit_card", "business_current");
    private static SandboxBank bank;

    @BeforeAll
    static void bank(KeycloakServer server) {
        bank = new SandboxBank(server);
    }

    @Test
    void accountsAndTransactionsKeepTheBanksContractAndNeverChange() {
        String token = bank.tokens("alice").accessToken();
        JsonNode accounts = accounts(token);
        assertFalse(accounts.isEmpty());
        for (JsonNode account : accounts) {
            assertTrue(ACCOUNT_TYPES.contains(account.get("type").asText()), account.toString());
            assertTrue(account.get("balance").isIntegralNumber(), "balance in minor units: " + account);
            assertTrue(account.get("balanceDate").asText().matches("\\d{4}-\\d{2}-\\d{2}"), account.toString());
            assertEquals("GBP", account.get("currency").asText());
            JsonNode details = account.get("details");
            for (String field : List.of("holderName", "sortCode", "accountNumber", "iban")) {
                assertTrue(details.hasNonNull(field), field + " in " + account);
            }
            for (JsonNode transaction : transactions(token, account.get("id").asText())) {
                assertTrue(Set.of("in", "out").contains(transaction.get("direction").asText()), transaction.toString());
                assertTrue(transaction.get("amount").isIntegralNumber() && transaction.get("amount").asLong() > 0, transaction.toString());
                Instant.parse(transaction.get("bookedAt").asText());
                assertTrue(Set.of("booked", "pending").contains(transaction.get("status").asText()), transaction.toString());
                assertTrue(transaction.hasNonNull("id") && transaction.hasNonNull("description") && transaction.hasNonNull("currency"));
            }
        }
        assertEquals(accounts, accounts(bank.tokens("alice").accessToken()), "the same books on every sign-in");
    }

    @Test
    void aRefusedCustomerIsSentBackWithAccessDenied() {
        Map<String, String> back = bank.signIn("refused", new CodeVerifier());

        assertEquals("access_denied", back.get("error"));
        assertNull(back.get("code"));
    }

    @Test
    void anExpiringCustomersTokensExpireWhenIssuedAndRefreshDoesTheSame() throws InterruptedException {
        SandboxBank.TokenAnswer issued = bank.tokens("expiring");
        assertExpiresAtOnce(issued);
        assertEquals(200, bank.api("accounts", issued.accessToken()).status(), "usable within the bank's clock skew");

        SandboxBank.TokenAnswer refreshed = bank.refresh(issued.refreshToken());
        assertEquals(200, refreshed.status(), refreshed.json().toString());
        assertExpiresAtOnce(refreshed);
        assertEquals(200, bank.api("accounts", refreshed.accessToken()).status());

        Thread.sleep(6_000);
        assertEquals(401, bank.api("accounts", refreshed.accessToken()).status(), "expired once the clock skew is over");
    }

    @Test
    void aRevokedCustomersRefreshIsRefused() {
        SandboxBank.TokenAnswer issued = bank.tokens("revoked");
        assertExpiresAtOnce(issued);

        SandboxBank.TokenAnswer refreshed = bank.refresh(issued.refreshToken());

        assertEquals(400, refreshed.status());
        assertEquals("invalid_grant", refreshed.json().get("error").asText());
    }

    @Test
    void aDownCustomersDataApiAnswers503() {
        assertEquals(503, bank.api("accounts", bank.tokens("down").accessToken()).status());
    }

    @Test
    void aBusyCustomerHas250TransactionsOverTwoCurrenciesSomePending() {
        String token = bank.tokens("busy").accessToken();
        JsonNode accounts = accounts(token);
        Set<String> currencies = new HashSet<>();
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode account : accounts) {
            currencies.add(account.get("currency").asText());
            transactions(token, account.get("id").asText()).forEach(t -> {
                assertEquals(account.get("currency").asText(), t.get("currency").asText());
                all.add(t);
            });
        }

        assertEquals(2, accounts.size());
        assertEquals(Set.of("GBP", "EUR"), currencies);
        assertEquals(250, all.size());
        assertTrue(all.stream().anyMatch(t -> t.get("status").asText().equals("pending")));
        assertTrue(all.stream().anyMatch(t -> t.get("status").asText().equals("booked")));
    }

    @Test
    void aBusinessCustomerHasOneBusinessAccount() {
        JsonNode accounts = accounts(bank.tokens("business").accessToken());

        assertEquals(1, accounts.size());
        assertEquals("business_current", accounts.get(0).get("type").asText());
    }

    @Test
    void theBankApiWantsTheBanksOwnTokenAndExistsOnlyInSandboxRealms(KeycloakServer server) {
        String alicesToken = bank.tokens("alice").accessToken();
        String bobsAccount = accounts(bank.tokens("bob").accessToken()).get(0).get("id").asText();

        assertEquals(401, bank.api("accounts", null).status());
        assertEquals(404, bank.api("accounts/" + bobsAccount + "/transactions", alicesToken).status(), "another customer's account");
        Partner partner = Partner.register(server, "Bank API Prober", Map.of());
        assertEquals(401, bank.api("accounts", partner.accessToken("user:read", null)).status(), "a token of another realm");
        assertEquals(404, Http.get(server.realmUrl(ServerSettings.IDENTITY_REALM) + "/bank-api/accounts", alicesToken).status());
    }

    private static void assertExpiresAtOnce(SandboxBank.TokenAnswer answer) {
        assertEquals(200, answer.status(), answer.json().toString());
        assertEquals(0, answer.json().get("expires_in").asInt(), answer.json().toString());
        long exp = ((Date) Partner.claimsOf(answer.accessToken()).get("exp")).toInstant().getEpochSecond();
        assertTrue(exp <= Instant.now().getEpochSecond(), "exp " + exp + " is not in the past");
    }

    private static JsonNode accounts(String token) {
        Http.Answer answer = bank.api("accounts", token);
        assertEquals(200, answer.status(), answer.body());
        return answer.json().get("accounts");
    }

    private static JsonNode transactions(String token, String accountId) {
        Http.Answer answer = bank.api("accounts/" + accountId + "/transactions", token);
        assertEquals(200, answer.status(), answer.body());
        return answer.json().get("transactions");
    }
}
