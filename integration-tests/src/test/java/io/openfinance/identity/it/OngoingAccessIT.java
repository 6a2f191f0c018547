package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.openfinance.identity.it.harness.OAuthAssertions.assertTokenError;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Paging;
import io.openfinance.identity.it.harness.Partner;

/** Flow 2 of the partner contract, end to end, as a partner on the Nimbus SDK runs it. */
@ExtendWith(KeycloakExtension.class)
class OngoingAccessIT {

    private static final String DATA_SCOPES = "accounts:read transactions:read:all";
    private static Partner partner;
    private static String base;

    @BeforeAll
    static void registerPartner(KeycloakServer server) {
        partner = Partner.register(server, "Acme Budgeting", Map.of());
        base = partner.realmUrl();
    }

    @Test
    void oneProfileConnectsTwoBankCustomersAndReadsTheirData() {
        String partnerToken = partner.accessToken("user:create user:read user:delete", null);
        Http.Answer created = Http.postJson(base + "/users", partnerToken, "{\"clientUserId\":\"customer-42\"}");
        assertEquals(201, created.status(), created.body());
        String userId = created.json().get("userId").asText();
        assertEquals("customer-42", created.json().get("clientUserId").asText());

        String aliceConnection = connect(userId, "alice");
        List<JsonNode> aliceAccounts = accounts(partner.accessToken(DATA_SCOPES, userId));
        assertFalse(aliceAccounts.isEmpty());
        aliceAccounts.forEach(a -> assertEquals(aliceConnection, a.get("connectionId").asText()));
        assertFalse(aliceAccounts.get(0).has("details"), "account details need accounts_details:read");

        String transactionsUrl = base + "/data/transactions?accountId=" + Http.enc(aliceAccounts.get(0).get("id").asText());
        JsonNode transactions = Http.get(transactionsUrl + "&limit=5", partner.accessToken(DATA_SCOPES, userId)).json();
        assertEquals(5, transactions.get("data").size());
        assertTrue(transactions.get("meta").get("total").asInt() > 5);
        assertTrue(transactions.get("links").has("next"), transactions.toString());

        String bobConnection = connect(userId, "bob");
        JsonNode connections = Http.get(base + "/users/" + userId + "/connections", partnerToken).json().get("data");
        assertEquals(Set.of(aliceConnection, bobConnection), ids(connections, "id"));
        connections.forEach(c -> {
            assertEquals("sandbox", c.get("bankId").asText());
            assertTrue(c.get("extendedStatus").isNull() && c.get("error").isNull(), c.toString());
            assertNotNull(c.get("expiresAt"));
        });
        JsonNode listed = Paging.all(base + "/users?limit=1", partnerToken).stream()
                .filter(user -> user.get("userId").asText().equals(userId)).findFirst().orElseThrow();
        assertEquals(Set.of(aliceConnection, bobConnection), texts(listed.get("connectionIds")), "the listing names each profile's connections");
        String bothToken = partner.accessToken(DATA_SCOPES, userId);
        assertEquals(Set.of(aliceConnection, bobConnection), connectionIdsOf(accounts(bothToken)));

        assertEquals(204, Http.delete(base + "/users/" + userId + "/connections/" + bobConnection, partnerToken).status());
        assertEquals(Set.of(aliceConnection), connectionIdsOf(accounts(bothToken)), "a deleted connection's data is gone");
        assertEquals(Set.of(aliceConnection), ids(Http.get(base + "/users/" + userId + "/connections", partnerToken).json().get("data"), "id"));
    }

    @Test
    void reauthorisationRenewsTheSameConnection() {
        String partnerToken = partner.accessToken("user:create user:read", null);
        String userId = Http.postJson(base + "/users", partnerToken, "{}").json().get("userId").asText();
        String connectionId = connect(userId, "alice");

        String renewClaims = "{\"id_token\":{\"sub\":{\"value\":\"" + userId + "\"},\"mh:con_id\":{\"essential\":true,\"value\":\""
                + connectionId + "\"}}}";
        Partner.Authorization authorization = partner.authorize("openid id:sandbox", renewClaims, "signed");
        Partner.Tokens tokens = partner.exchange(authorization, Connect.agreeAndSignIn(authorization, "alice").partnerCallback());

        assertEquals(connectionId, tokens.idToken().getClaim("mh:con_id"));
        assertEquals(Set.of(connectionId), ids(Http.get(base + "/users/" + userId + "/connections", partnerToken).json().get("data"), "id"));

        String unknown = renewClaims.replace(connectionId, "00000000-0000-0000-0000-000000000000");
        HttpBrowser.Stop refused = new HttpBrowser(Partner.REDIRECT_URI)
                .open(partner.authorize("openid id:sandbox", unknown, "signed").url());
        assertTrue(refused.atPartner() && refused.partnerCallback().getQuery().contains("error=invalid_request"));
    }

    @Test
    void dataApiRefreshesAnExpiredBankToken(KeycloakServer server) throws InterruptedException {
        Admin admin = new Admin(server);
        admin.put("/realms/sandbox-bank", "{\"accessTokenLifespan\": 5}");
        try {
            String userId = partner.newProfile();
            connect(userId, "bob");
            Thread.sleep(6_000);

            assertFalse(accounts(partner.accessToken(DATA_SCOPES, userId)).isEmpty(),
                    "the bank token expired; the Data API must have refreshed it");
        } finally {
            admin.put("/realms/sandbox-bank", "{\"accessTokenLifespan\": 300}");
        }
    }

    @Test
    void profileTokenIsRefusedForUnknownProfilesAndUnconsentedScopes() {
        String partnerToken = partner.accessToken("user:create", null);
        String userId = Http.postJson(base + "/users", partnerToken, "{}").json().get("userId").asText();

        assertTokenError(partner.clientCredentials(DATA_SCOPES, userId), "invalid_grant");
        assertTokenError(partner.clientCredentials(DATA_SCOPES, "no-such-profile"), "invalid_grant");
        assertTokenError(partner.clientCredentials("user:create", userId), "invalid_scope");
        assertTokenError(partner.clientCredentials(DATA_SCOPES, null), "invalid_scope");
    }

    @Test
    void aForeignOrUnknownSubIsRefusedBeforeTheConsentPage(KeycloakServer server) {
        Partner other = Partner.register(server, "Other Partner", Map.of());
        String foreignUserId = other.newProfile();

        for (String sub : List.of(foreignUserId, "00000000-0000-0000-0000-000000000000")) {
            Partner.Authorization authorization = partner.authorize("openid id:sandbox", Connect.ongoingClaims(sub), "signed");
            HttpBrowser.Stop stop = new HttpBrowser(Partner.REDIRECT_URI).open(authorization.url());
            assertTrue(stop.atPartner(), "expected a redirect to the partner, got " + stop.url());
            assertTrue(stop.partnerCallback().getQuery().contains("error=invalid_request"), stop.partnerCallback().toString());
            assertTrue(stop.partnerCallback().getQuery().contains("state=" + authorization.state().getValue()));
        }
        assertTokenError(partner.clientCredentials(DATA_SCOPES, foreignUserId), "invalid_grant");
    }

    @Test
    void bankScopeMustNameExactlyOneKnownBank() {
        String userId = partner.newProfile();
        for (String scope : List.of("openid", "openid id:sandbox id:other-bank", "openid id:no-such-bank")) {
            Partner.Authorization authorization = partner.authorize(scope, Connect.ongoingClaims(userId), "signed");
            HttpBrowser.Stop stop = new HttpBrowser(Partner.REDIRECT_URI).open(authorization.url());
            assertTrue(stop.atPartner(), scope + ": expected a redirect to the partner, got " + stop.url());
            assertTrue(stop.partnerCallback().getQuery().contains("error=invalid_"), stop.partnerCallback().toString());
        }
    }

    private String connect(String userId, String customer) {
        Partner.Authorization authorization = partner.authorize("openid id:sandbox", Connect.ongoingClaims(userId), "signed");
        HttpBrowser.Stop back = Connect.agreeAndSignIn(authorization, customer);
        assertTrue(back.atPartner(), "expected the partner callback, got " + back.url());
        Partner.Tokens tokens = partner.exchange(authorization, back.partnerCallback());

        assertEquals(userId, tokens.idToken().getSubject().getValue());
        String connectionId = (String) tokens.idToken().getClaim("mh:con_id");
        assertNotNull(connectionId, "id token carries mh:con_id");
        String scope = (String) tokens.accessTokenClaims().get("scope");
        assertFalse(scope.contains("accounts:") || scope.contains("transactions:"), "no data scopes in " + scope);
        assertEquals(403, Http.get(base + "/data/accounts", tokens.accessToken()).status());
        return connectionId;
    }

    private static List<JsonNode> accounts(String dataToken) {
        Http.Answer answer = Http.get(base + "/data/accounts", dataToken);
        assertEquals(200, answer.status(), answer.body());
        List<JsonNode> accounts = new ArrayList<>();
        answer.json().get("data").forEach(accounts::add);
        return accounts;
    }

    private static Set<String> connectionIdsOf(List<JsonNode> accounts) {
        Set<String> ids = new HashSet<>();
        accounts.forEach(a -> ids.add(a.get("connectionId").asText()));
        return ids;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new HashSet<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static Set<String> ids(JsonNode array, String field) {
        Set<String> ids = new HashSet<>();
        array.forEach(n -> ids.add(n.get(field).asText()));
        return ids;
    }
}
