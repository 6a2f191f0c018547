package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.openfinance.identity.it.harness.BrowsingUser;
import io.openfinance.identity.it.harness.Chromium;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.NodePartner;
import io.openfinance.identity.it.harness.ObSandboxBrowsing;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.PartnerCallbackServer;
import io.openfinance.identity.it.harness.SandboxBank;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * The partners' official Node client, {@code @mft/moneyhub-api-client} 5.2.1, unchanged, connecting a new profile
 * through the Open Banking sandbox bank ({@code src/test/node/connect-and-read.mjs}, {@code id:ob-sandbox}). The
 * customer {@code multi}, with accounts in GBP, JPY and BHD, shares one of them on the bank's account-selection page
 * in Chromium (screenshots {@code ob-account-selection-official-client-*}); the client then reads exactly that account,
 * its balance and every transaction to the minor unit of the bank's books, whatever the currency's exponent (2, 0, 3).
 */
@ExtendWith(KeycloakExtension.class)
class MoneyhubClientObSandboxIT {

    private static final String CUSTOMER = "multi";
    private static KeycloakServer server;
    private static PartnerCallbackServer partnerApp;
    private static Partner partner;
    private static Chromium chromium;
    private static SandboxBank bank;

    @BeforeAll
    static void start(KeycloakServer started) {
        server = started;
        partnerApp = new PartnerCallbackServer();
        // PKCE optional, as for demo-partner: the client's getAuthorizeUrlForCreatedUser sends no code_challenge.
        partner = Partner.register(server, "Acme on the official client", Map.of("pkce.code.challenge.method", ""),
                partnerApp.redirectUri());
        chromium = new Chromium();
        bank = new SandboxBank(server);
    }

    @AfterAll
    static void stop() {
        chromium.close();
        partnerApp.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GBP", "JPY", "BHD"})
    void theCustomerSharesOneAccountAndTheClientReadsExactlyThatAccount(String currency) {
        JsonNode read = connectAndRead(label -> label.contains("(" + currency + ")"),
                "ob-account-selection-official-client-" + currency.toLowerCase());

        JsonNode accounts = read.get("accounts");
        assertEquals(1, accounts.size(), "only the account the customer chose: " + accounts);
        JsonNode account = accounts.get(0);
        JsonNode books = bank.account(CUSTOMER, currency);
        assertEquals(currency, account.at("/balance/amount/currency").asText(), account.toString());
        JsonNode balance = account.at("/balance/amount/value");
        assertTrue(balance.isIntegralNumber(), "minor units, never a float: " + balance);
        assertEquals(books.get("balance").asLong(), balance.asLong(), currency + " balance");

        List<Long> amounts = new ArrayList<>();
        for (JsonNode transaction : read.at("/transactions").path(account.get("id").asText())) {
            assertEquals(currency, transaction.at("/amount/currency").asText(), transaction.toString());
            assertTrue(transaction.at("/amount/value").isIntegralNumber(), transaction.toString());
            amounts.add(transaction.at("/amount/value").asLong());
        }
        assertEquals(bank.signedAmounts(CUSTOMER, books.get("id").asText()), amounts.stream().sorted().toList(),
                currency + " transactions, to the minor unit");
    }

    /** Runs the client's program, the customer sharing the accounts {@code shares} accepts; what the program read. */
    private static JsonNode connectAndRead(Predicate<String> shares, String screenshot) {
        String identityServiceUrl = server.realmUrl(ServerSettings.IDENTITY_REALM);
        Map<String, String> environment = Map.of("IDENTITY_SERVICE_URL", identityServiceUrl,
                "RESOURCE_SERVER_URL", identityServiceUrl + "/data",
                "CLIENT_ID", partner.clientId(), "CLIENT_SECRET", partner.secret(),
                "REDIRECT_URI", partnerApp.redirectUri(), "BANK_ID", "ob-sandbox");
        NodePartner.Run run = NodePartner.run("connect-and-read.mjs", environment, url -> {
            ObSandboxBrowsing.agreeAndShare(chromium, url, CUSTOMER, shares, screenshot);
            return new BrowsingUser.Visit(partnerApp.awaitCallback(), List.of(), null);
        }, 5);
        assertEquals(0, run.exitCode(), run::describe);
        JsonNode read = null;
        for (JsonNode result : run.results()) {
            if (result.has("read")) {
                read = result.get("read");
            } else {
                assertTrue(result.path("ok").asBoolean(), () -> "the client's " + result + "; " + run.describe());
            }
        }
        assertTrue(read != null && read.get("accounts").isArray(), () -> "the program read nothing: " + run.results());
        return read;
    }
}
