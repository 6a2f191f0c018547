package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.BankSetup;
import io.openfinance.identity.it.harness.Chromium;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.OAuthAssertions;
import io.openfinance.identity.it.harness.ObSandboxBrowsing;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.PartnerCallbackServer;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * UK Open Banking with pushed authorization requests: bank {@code ob-sandbox-par}, whose client at the Open Banking
 * sandbox must push its requests. The customer is sent with only {@code client_id} and {@code request_uri}, connects
 * (in Chromium, screenshot {@code ob-account-selection-par}), and every data call tells the bank when the customer
 * last authenticated with us ({@code x-fapi-auth-date}).
 */
@ExtendWith(KeycloakExtension.class)
class UkOpenBankingParIT {

    private static final String BANK = "ob-sandbox-par";
    private static final String BANK_CLIENT = "identity-service-ob-par";
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static KeycloakServer server;
    private static Partner partner;
    private static String base;
    private static String sandbox;

    @BeforeAll
    static void start(KeycloakServer started) {
        server = started;
        partner = Partner.register(server, "Acme Pushed Budgeting", Map.of());
        base = partner.realmUrl();
        sandbox = server.realmUrl(ServerSettings.SANDBOX_REALM);
    }

    @Test
    void aPushedAuthorizationConnectsInChromium() {
        PartnerCallbackServer partnerApp = new PartnerCallbackServer();
        Partner browsingPartner = Partner.register(server, "Acme Pushed Budgeting (browser)", Map.of(), partnerApp.redirectUri());
        try (Chromium chromium = new Chromium()) {
            String userId = newUser(browsingPartner);
            Partner.Authorization authorization = browsingPartner.authorize("openid id:" + BANK, Connect.ongoingClaims(userId), "signed");

            ObSandboxBrowsing.agreeAndShare(chromium, authorization.url(), "alice", name -> true, "ob-account-selection-par");

            Partner.Tokens tokens = browsingPartner.exchange(authorization, partnerApp.awaitCallback());
            assertNotNull(tokens.idToken().getClaim("mh:con_id"));
            JsonNode consent = latestConsent("alice");
            assertEquals("Authorised", consent.get("Status").asText());
            assertEquals(consent.get("Accounts").size(), accounts(browsingPartner, userId).size(),
                    "the partner reads the accounts the customer shared at the bank");
        } finally {
            partnerApp.close();
        }
    }

    @Test
    void theCustomerIsSentToTheBankWithOnlyTheClientIdAndTheRequestUriItGaveForThePushedRequest() {
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        String userId = newUser(partner);
        Partner.Authorization authorization = partner.authorize("openid id:" + BANK, Connect.ongoingClaims(userId), "signed");

        HttpBrowser.Stop signIn = browser.submit(browser.open(authorization.url()), Map.of("decision", "agree"));

        URI atTheBank = browser.visited().stream().filter(url -> url.toString().startsWith(sandbox + "/protocol/openid-connect/auth"))
                .findFirst().orElseThrow(() -> new AssertionError("never sent to the bank: " + browser.visited()));
        Map<String, String> query = OAuthAssertions.queryOf(atTheBank);
        assertEquals(Set.of("client_id", "request_uri"), query.keySet(), atTheBank.toString());
        assertEquals(BANK_CLIENT, query.get("client_id"));
        assertTrue(query.get("request_uri").startsWith("urn:ietf:params:oauth:request_uri:"), query.get("request_uri"));
        assertNotNull(signIn.page().selectFirst("input[name=username]"), "the bank took the pushed request: its sign-in page");
    }

    @Test
    void everyDataCallTellsTheBankWhenTheCustomerLastAuthenticatedWithUs() {
        String userId = newUser(partner);
        String connectionId = connectByHttp(userId, "bob");

        JsonNode connection = Http.get(base + "/users/" + userId + "/connections/" + connectionId, partner.accessToken("user:read", null))
                .json().get("data");
        String consentedAt = IMF_FIXDATE.format(Instant.parse(connection.get("userConsentedAt").asText()));
        assertFalse(accounts(partner, userId).isEmpty());
        assertEquals(consentedAt, latestConsent("bob").path("LastAuthDate").asText(null),
                "x-fapi-auth-date received by the bank: the customer's consent with us, as an RFC 7231 date");
    }

    @Test
    void theSandboxRefusesAMalformedAuthDate() {
        String accounts = sandbox + "/open-banking/v3.1/aisp/accounts";
        Http.Answer malformed = obCall(accounts, "2026-12-02T17:00:00Z");
        assertEquals(400, malformed.status(), malformed.body());
        assertTrue(malformed.body().contains("UK.OBIE.Header.Invalid"), malformed.body());
        assertEquals(400, obCall(accounts, "Wed, 2 Dec 2026 17:00:00 GMT").status(), "a one-digit day is no IMF-fixdate");
        assertEquals(401, obCall(accounts, "Wed, 02 Dec 2026 17:00:00 GMT").status(), "well formed: on to the missing token");
    }

    @Test
    void theBankRefusesThatClientASignedRequestObjectSentThroughTheBrowser() {
        String unpushed = "ob-sandbox-par-unpushed";
        Map<String, String> config = configOf(BANK);
        config.remove("parUrl");
        BankSetup.addBank(server, unpushed, "PAR bank, request not pushed", config);
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        Partner.Authorization authorization = partner.authorize("openid id:" + unpushed, Connect.ongoingClaims(newUser(partner)), "signed");

        browser.submit(browser.open(authorization.url()), Map.of("decision", "agree"));

        URI atTheBank = browser.visited().stream().filter(url -> url.toString().startsWith(sandbox + "/protocol/openid-connect/auth?"))
                .findFirst().orElseThrow(() -> new AssertionError("never sent to the bank: " + browser.visited()));
        assertTrue(OAuthAssertions.queryOf(atTheBank).containsKey("request"), "our signed request object, in the front channel");
        URI refused = browser.visited().stream().filter(url -> url.getPath().endsWith("/realms/identity/bank-callback"))
                .findFirst().orElseThrow(() -> new AssertionError("the bank did not answer: " + browser.visited()));
        assertEquals("invalid_request", OAuthAssertions.queryOf(refused).get("error"), refused.toString());
        assertTrue(OAuthAssertions.queryOf(refused).get("error_description").contains("Pushed Authorization Request"), refused.toString());
    }

    @Test
    void aPushTheBankRefusesFailsTheFlowWithOurErrorAndALogLine() throws IOException {
        String misdirected = "ob-sandbox-par-misdirected";
        Map<String, String> config = configOf(BANK);
        config.put("parUrl", server.realmUrl("master") + "/protocol/openid-connect/ext/par/request");
        BankSetup.addBank(server, misdirected, "PAR bank, pushing to the wrong server", config);
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        Partner.Authorization authorization = partner.authorize("openid id:" + misdirected, Connect.ongoingClaims(newUser(partner)), "signed");

        HttpBrowser.Stop back = browser.submit(browser.open(authorization.url()), Map.of("decision", "agree"));

        OAuthAssertions.assertPartnerError(back, "temporarily_unavailable", authorization);
        assertTrue(browser.visited().stream().noneMatch(url -> url.toString().startsWith(sandbox)), "never sent to the bank");
        if (server.logFile() != null) {
            String log = Files.readString(server.logFile());
            assertTrue(log.contains("Bank " + misdirected + " pushed authorization request answered 401 invalid_request"),
                    "the operator's log line");
        }
    }

    /** A bank's identity-provider config, as the admin API shows it. */
    private static Map<String, String> configOf(String bankId) {
        Map<String, String> config = new HashMap<>();
        new Admin(server).get("/realms/" + ServerSettings.IDENTITY_REALM + "/identity-provider/instances/" + bankId).get("config")
                .fields().forEachRemaining(field -> config.put(field.getKey(), field.getValue().asText()));
        return config;
    }

    /** An HTTP browser's connection through {@value #BANK}: our consent page, the bank's sign-in, its first account shared. */
    private static String connectByHttp(String userId, String customer) {
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        Partner.Authorization authorization = partner.authorize("openid id:" + BANK, Connect.ongoingClaims(userId), "signed");
        HttpBrowser.Stop signIn = browser.submit(browser.open(authorization.url()), Map.of("decision", "agree"));
        HttpBrowser.Stop selection = browser.submit(signIn, Map.of("username", customer, "password", customer + "-sandbox"));
        String firstAccount = selection.page().selectFirst("#ob-accounts input[name=account]").attr("value");
        HttpBrowser.Stop back = browser.submit(selection, Map.of("decision", "share", "account", firstAccount));
        assertNotNull(back.partnerCallback(), "back at the partner, at " + back.url());
        return (String) partner.exchange(authorization, back.partnerCallback()).idToken().getClaim("mh:con_id");
    }

    private static Http.Answer obCall(String url, String authDate) {
        return Http.getWithHeaders(url, Map.of("x-fapi-financial-id", "0015800001041RSBOX",
                "x-fapi-interaction-id", UUID.randomUUID().toString(), "x-fapi-auth-date", authDate));
    }

    private static String newUser(Partner owner) {
        return Http.postJson(owner.realmUrl() + "/users", owner.accessToken("user:create", null), "{}").json().get("userId").asText();
    }

    private static List<JsonNode> accounts(Partner owner, String userId) {
        Http.Answer answer = Http.get(owner.realmUrl() + "/data/accounts", owner.accessToken("accounts:read", userId));
        assertEquals(200, answer.status(), answer.body());
        List<JsonNode> accounts = new ArrayList<>();
        answer.json().get("data").forEach(accounts::add);
        return accounts;
    }

    /** The customer's latest consent at the bank, as its app shows it. */
    private static JsonNode latestConsent(String customer) {
        JsonNode consents = Http.get(sandbox + "/open-banking/sandbox/customers/" + customer + "/consents", null).json();
        assertTrue(consents.isArray() && !consents.isEmpty(), customer + " has no consent at the bank: " + consents);
        return consents.get(consents.size() - 1);
    }
}
