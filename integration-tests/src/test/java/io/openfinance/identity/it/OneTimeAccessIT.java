package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.openfinance.identity.it.harness.OAuthAssertions.assertPartnerError;
import static io.openfinance.identity.it.harness.OAuthAssertions.queryOf;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.BankSetup;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ServerSettings;

/** Flow 1 of the partner contract and every way a connection flow can end. */
@ExtendWith(KeycloakExtension.class)
class OneTimeAccessIT {

    private static Partner partner;
    private static String base;

    @BeforeAll
    static void registerPartner(KeycloakServer server) {
        partner = Partner.register(server, "Acme Insights", Map.of());
        base = partner.realmUrl();
    }

    @Test
    void consentedDataScopesReadThatOneConnection() {
        Partner.Authorization authorization = partner.authorize("openid id:sandbox accounts:read transactions:read:in", null, "query");
        HttpBrowser.Stop back = Connect.agreeAndSignIn(authorization, "alice");
        Partner.Tokens tokens = partner.exchange(authorization, back.partnerCallback());

        String connectionId = (String) tokens.idToken().getClaim("mh:con_id");
        assertNotNull(connectionId);
        String scope = (String) tokens.accessTokenClaims().get("scope");
        assertTrue(scope.contains("accounts:read") && scope.contains("transactions:read:in"), scope);
        assertFalse(scope.contains("transactions:read:all") || scope.contains("transactions:read:out"), scope);
        assertEquals(List.of(connectionId), tokens.accessTokenClaims().get("mh:con_ids"));
        assertNull(tokens.refreshToken(), "no refresh token without offline_access");

        JsonNode accounts = Http.get(base + "/data/accounts", tokens.accessToken()).json().get("data");
        assertFalse(accounts.isEmpty());
        accounts.forEach(a -> assertEquals(connectionId, a.get("connectionId").asText()));
        JsonNode transactions = Http.get(base + "/data/transactions?accountId=" + Http.enc(accounts.get(0).get("id").asText()),
                tokens.accessToken()).json().get("data");
        assertFalse(transactions.isEmpty());
        transactions.forEach(t -> assertTrue(t.get("amount").get("value").asLong() > 0, "only incoming with transactions:read:in: " + t));

        String profileId = tokens.idToken().getSubject().getValue();
        JsonNode connections = Http.get(base + "/users/" + profileId + "/connections", partner.accessToken("user:read", null)).json().get("data");
        assertEquals(1, connections.size());
        assertEquals(connectionId, connections.get(0).get("id").asText());
    }

    @Test
    void theConsentWindowLimitsTransactionsAndExpiry() {
        String claims = "{\"id_token\":{\"mh:consent\":{\"value\":{\"transactionFromDateTime\":\"2026-02-01T00:00:00Z\","
                + "\"expirationDateTime\":\"" + Instant.now().plus(Duration.ofDays(30)) + "\"}}}}";
        Partner.Authorization authorization = partner.authorize("openid id:sandbox accounts:read transactions:read:all", claims, "query");
        Partner.Tokens tokens = partner.exchange(authorization, Connect.agreeAndSignIn(authorization, "alice").partnerCallback());

        String account = Http.get(base + "/data/accounts", tokens.accessToken()).json().get("data").get(0).get("id").asText();
        JsonNode transactions = Http.get(base + "/data/transactions?accountId=" + Http.enc(account), tokens.accessToken()).json();
        assertTrue(transactions.get("meta").get("total").asInt() > 0);
        transactions.get("data").forEach(t -> assertTrue(t.get("date").asText().compareTo("2026-02-01") >= 0, t.toString()));
        JsonNode connection = Http.get(base + "/users/" + tokens.idToken().getSubject().getValue() + "/connections",
                partner.accessToken("user:read", null)).json().get("data").get(0);
        assertTrue(Instant.parse(connection.get("expiresAt").asText()).isBefore(Instant.now().plus(Duration.ofDays(31))));
    }

    @Test
    void unsignedRequestObjectAndOfflineAccessGiveARefreshToken() {
        Partner.Authorization authorization = partner.authorize("openid offline_access id:sandbox accounts:read", null, "unsigned");
        Partner.Tokens tokens = partner.exchange(authorization, Connect.agreeAndSignIn(authorization, "bob").partnerCallback());

        assertNotNull(tokens.refreshToken());
        assertEquals(200, Http.get(base + "/data/accounts", tokens.accessToken()).status());
    }

    @Test
    void cancelOnTheConsentPageSendsAccessDeniedAndStoresNothing() {
        int profilesBefore = profileCount();
        Partner.Authorization authorization = partner.authorize("openid id:sandbox accounts:read", null, "query");
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        HttpBrowser.Stop end = browser.submit(browser.open(authorization.url()), Map.of("decision", "cancel"));

        assertPartnerError(end, "access_denied", authorization);
        assertEquals(profilesBefore, profileCount());
    }

    @Test
    void bankDenialSendsAccessDeniedAndStoresNothing() {
        int profilesBefore = profileCount();
        Partner.Authorization authorization = partner.authorize("openid id:sandbox accounts:read", null, "query");
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        HttpBrowser.Stop bank = browser.submit(browser.open(authorization.url()), Map.of("decision", "agree"));
        String bankState = queryOf(bank.url()).get("state");

        HttpBrowser.Stop end = browser.open(URI.create(base + "/bank-callback?error=access_denied&state=" + Http.enc(bankState)));

        assertPartnerError(end, "access_denied", authorization);
        assertEquals(profilesBefore, profileCount());
    }

    @Test
    void wrongMissingReplayedOrSessionlessBankStateGetsAnErrorPage() {
        Partner.Authorization authorization = partner.authorize("openid id:sandbox accounts:read", null, "query");
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        HttpBrowser.Stop bank = browser.submit(browser.open(authorization.url()), Map.of("decision", "agree"));
        String bankState = queryOf(bank.url()).get("state");

        for (String callback : List.of("?code=x", "?code=x&state=forged.state.value", "?code=x&state=" + Http.enc(bankState + "x"))) {
            HttpBrowser.Stop stop = browser.open(URI.create(base + "/bank-callback" + callback));
            assertEquals(400, stop.status(), callback);
            assertNotNull(stop.page().getElementById("error-message"), callback);
        }

        HttpBrowser.Stop withoutSession = new HttpBrowser(Partner.REDIRECT_URI)
                .open(URI.create(base + "/bank-callback?code=x&state=" + Http.enc(bankState)));
        assertEquals(400, withoutSession.status(), "a browser whose login session is gone (expired) gets the error page");
        assertNotNull(withoutSession.page().getElementById("error-message"));

        HttpBrowser.Stop back = browser.submit(bank, Map.of("username", "alice", "password", "alice-sandbox"));
        assertTrue(back.atPartner());
        URI usedCallback = browser.visited().stream().filter(u -> u.getPath().endsWith("/bank-callback")
                && u.getQuery().contains("code=") && !u.getQuery().startsWith("code=x")).findFirst().orElseThrow();
        HttpBrowser.Stop replay = browser.open(usedCallback);
        assertEquals(400, replay.status());
        assertNotNull(replay.page().getElementById("error-message"));
    }

    @Test
    void bankDownAfterSignInSendsTemporarilyUnavailable(KeycloakServer server) {
        BankSetup.addBankWithTokenEndpointDown(server, "downbank");
        int profilesBefore = profileCount();
        Partner.Authorization authorization = partner.authorize("openid id:downbank accounts:read", null, "query");

        HttpBrowser.Stop end = Connect.agreeAndSignIn(authorization, "alice");

        assertPartnerError(end, "temporarily_unavailable", authorization);
        assertEquals(profilesBefore, profileCount());
    }

    /**
     * The bank's callback goes on with the flow itself, so it checks what Keycloak's login-actions would: a customer
     * back from the bank after the realm's login timeout gets no connection.
     */
    @Test
    void aCustomerBackFromTheBankAfterTheLoginTimeoutSendsAccessDeniedAndStoresNothing(KeycloakServer server)
            throws InterruptedException {
        Admin admin = new Admin(server);
        String realm = "/realms/" + ServerSettings.IDENTITY_REALM;
        int loginTimeout = admin.get(realm).get("accessCodeLifespanLogin").asInt();
        int profilesBefore = profileCount();
        Partner.Authorization authorization = partner.authorize("openid id:sandbox accounts:read", null, "query");
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        HttpBrowser.Stop bank = browser.submit(browser.open(authorization.url()), Map.of("decision", "agree"));
        HttpBrowser.Stop end;
        try {
            assertEquals(204, admin.put(realm, "{\"accessCodeLifespanLogin\": 1}").status());
            Thread.sleep(2_000);
            end = browser.submit(bank, Map.of("username", "alice", "password", "alice-sandbox"));
        } finally {
            assertEquals(204, admin.put(realm, "{\"accessCodeLifespanLogin\": " + loginTimeout + "}").status());
        }

        assertPartnerError(end, "access_denied", authorization);
        assertEquals(profilesBefore, profileCount());
    }

    @Test
    void oneAuthorizationRequestInTwoTabsMakesOneConnection() {
        int profilesBefore = profileCount();
        Partner.Authorization authorization = partner.authorize("openid id:sandbox accounts:read", null, "query");
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        HttpBrowser.Stop firstTab = browser.open(authorization.url());
        HttpBrowser.Stop secondTab = browser.open(authorization.url());

        HttpBrowser.Stop bank = browser.submit(firstTab, Map.of("decision", "agree"));
        HttpBrowser.Stop secondConsent = browser.submit(secondTab, Map.of("decision", "agree"));
        assertPartnerError(secondConsent, "invalid_request", authorization);
        HttpBrowser.Stop back = browser.submit(bank, Map.of("username", "alice", "password", "alice-sandbox"));

        partner.exchange(authorization, back.partnerCallback());
        assertEquals(profilesBefore + 1, profileCount());
    }

    @Test
    void twoConnectionsInOneBrowserMakeTwoProfiles() {
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        Partner.Authorization first = partner.authorize("openid id:sandbox accounts:read", null, "query");
        HttpBrowser.Stop bank = browser.submit(browser.open(first.url()), Map.of("decision", "agree"));
        Partner.Tokens firstTokens = partner.exchange(first,
                browser.submit(bank, Map.of("username", "alice", "password", "alice-sandbox")).partnerCallback());

        Partner.Authorization second = partner.authorize("openid id:sandbox accounts:read", null, "query");
        HttpBrowser.Stop consent = browser.open(second.url());
        assertNotNull(consent.page().getElementById("consent-agree"), "the second flow shows its own consent page");
        HttpBrowser.Stop back = browser.submit(consent, Map.of("decision", "agree"));
        assertTrue(back.atPartner(), "the bank remembers alice's sign-in, as banks do: " + back.url());
        Partner.Tokens secondTokens = partner.exchange(second, back.partnerCallback());

        assertFalse(firstTokens.idToken().getSubject().equals(secondTokens.idToken().getSubject()),
                "each one-time connection gets its own profile");
        assertEquals(200, Http.get(base + "/data/accounts", firstTokens.accessToken()).status(),
                "the first flow's token still works after the browser's second flow");
    }

    @Test
    void dataScopeTheClientMayNotHaveIsRefusedBeforeConsent(KeycloakServer server) {
        Partner accountsOnly = Partner.register(server, "Accounts Only", Map.of());
        accountsOnly.forbidOptionalScope("transactions:read:all");

        for (String scope : List.of("openid id:sandbox transactions:read:all", "openid id:sandbox accounts:read payments:write")) {
            Partner.Authorization authorization = accountsOnly.authorize(scope, null, "query");
            HttpBrowser.Stop stop = new HttpBrowser(Partner.REDIRECT_URI).open(authorization.url());
            assertPartnerError(stop, "invalid_scope", authorization);
        }
    }

    private static int profileCount() {
        return Http.get(base + "/users?limit=200", partner.accessToken("user:read", null)).json().get("data").size();
    }
}
