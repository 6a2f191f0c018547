package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.FirstSync;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ServerSettings;

/** The exact shapes partners parse: users, connections, the Data API, errors and paging. */
@ExtendWith(KeycloakExtension.class)
class PartnerContractIT {

    private static KeycloakServer server;
    private static Partner partner;
    private static String base;

    @BeforeAll
    static void registerPartner(KeycloakServer keycloak) {
        server = keycloak;
        partner = Partner.register(server, "Contract Partner", Map.of());
        base = partner.realmUrl();
    }

    @Test
    void aUserIsABareObjectWithEveryFieldTheClientDeclares() {
        Http.Answer created = Http.postJson(base + "/users", partner.accessToken("user:create", null), "{\"clientUserId\":\"shape-1\"}");
        assertEquals(201, created.status(), created.body());
        JsonNode user = created.json();
        assertEquals(Set.of("userId", "clientUserId", "clientId", "clientName", "createdAt", "updatedAt", "scopes", "managedBy",
                "lastAccessed", "userType", "connectionIds"), fieldNames(user));
        assertEquals("shape-1", user.get("clientUserId").asText());
        assertEquals(partner.clientId(), user.get("clientId").asText());
        assertEquals("Contract Partner", user.get("clientName").asText());
        assertEquals(user.get("createdAt").asText(), user.get("updatedAt").asText());
        assertEquals("", user.get("scopes").asText(), "no connection yet: nothing to read");
        assertEquals("client", user.get("managedBy").asText());
        assertTrue(user.get("lastAccessed").isNull(), "no data token yet");
        assertEquals("live", user.get("userType").asText(), "no connection to a test bank only");
        assertTrue(user.get("connectionIds").isArray() && user.get("connectionIds").isEmpty());

        String userId = user.get("userId").asText();
        String connectionId = Connect.ongoing(partner, userId, "alice");
        JsonNode read = Http.get(base + "/users/" + userId, partner.accessToken("user:read", null)).json();
        assertEquals(userId, read.get("userId").asText(), "GET /users/{id} answers the bare user");
        assertEquals(List.of(connectionId), texts(read.get("connectionIds")));
        assertEquals("test", read.get("userType").asText(), "connected to the sandbox bank only");
        assertTrue(Instant.parse(read.get("updatedAt").asText()).isAfter(Instant.parse(read.get("createdAt").asText())));
        assertTrue(read.get("scopes").asText().contains("accounts:read"), read.toString());

        Instant beforeToken = Instant.now().minusSeconds(1);
        partner.accessToken("accounts:read", userId);
        partner.accessToken("accounts:read", userId);
        JsonNode accessed = Http.get(base + "/users?limit=100", partner.accessToken("user:read", null)).json().get("data");
        JsonNode listed = java.util.stream.StreamSupport.stream(accessed.spliterator(), false)
                .filter(u -> u.get("userId").asText().equals(userId)).findFirst().orElseThrow();
        assertTrue(Instant.parse(listed.get("lastAccessed").asText()).isAfter(beforeToken), listed.toString());
    }

    @Test
    void usersArePagedWithLinks() {
        Partner own = Partner.register(server, "Paging Partner", Map.of());
        String create = own.accessToken("user:create", null);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Http.Answer answer = Http.postJson(own.realmUrl() + "/users", create, "{}");
            assertEquals(201, answer.status());
            created.add(answer.json().get("userId").asText());
        }
        String read = own.accessToken("user:read", null);
        JsonNode first = Http.get(own.realmUrl() + "/users?limit=2", read).json();
        assertEquals(created.subList(0, 2), texts(first.get("data"), "userId"), "oldest first");
        assertEquals(Set.of("self", "next"), fieldNames(first.get("links")));
        assertEquals(Set.of("limit", "offset"), fieldNames(first.get("meta")));

        String next = first.get("links").get("next").asText();
        assertTrue(next.contains("cursor=") && next.contains("limit=2") && !next.contains("offset="), next);
        JsonNode second = Http.get(next, read).json();
        assertEquals(created.subList(2, 3), texts(second.get("data"), "userId"));
        assertEquals(Set.of("self"), fieldNames(second.get("links")), "no next link on the last page");
        assertEquals(2, second.get("meta").get("limit").asInt());

        JsonNode byOffset = Http.get(own.realmUrl() + "/users?limit=2&offset=1", read).json();
        assertEquals(created.subList(1, 3), texts(byOffset.get("data"), "userId"), "offset still pages");
        assertEquals(Set.of("self", "prev"), fieldNames(byOffset.get("links")));
        assertTrue(byOffset.get("links").get("prev").asText().contains("offset=0"));
        JsonNode beyond = Http.get(own.realmUrl() + "/users?offset=5", read).json();
        assertTrue(beyond.get("data").isEmpty() && !beyond.get("links").has("next"), beyond.toString());
        assertEquals(100, Http.get(own.realmUrl() + "/users", read).json().get("meta").get("limit").asInt(), "default limit");

        String cursor = next.substring(next.indexOf("cursor=") + "cursor=".length());
        for (String query : List.of("limit=0", "limit=1001", "limit=abc", "offset=-1", "offset=99999999999",
                "cursor=not-a-cursor", "cursor=" + Http.enc("' or 1=1 --"), "cursor=" + "A".repeat(500),
                "cursor=" + base64("-1.x"), "cursor=" + base64("1." + "x".repeat(40)), "cursor=" + cursor + "&offset=1")) {
            Http.Answer refused = Http.get(own.realmUrl() + "/users?" + query, read);
            assertEquals(400, refused.status(), query);
            assertError(refused.json(), "bad_request");
        }
    }

    @Test
    void parallelCreatesOfOneClientUserIdMakeOneProfile() throws Exception {
        String token = partner.accessToken("user:create", null);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> Http.postJson(base + "/users", token, "{\"clientUserId\":\"raced\"}").status()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(19, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aConnectionShowsItsStatusAndAccountsFromItsSyncs() {
        String userId = partner.newProfile();
        String connectionId = Connect.ongoing(partner, userId, "alice");
        JsonNode synced = FirstSync.await(partner, userId, connectionId);
        assertEquals(Set.of("id", "bankId", "name", "type", "connectedOn", "lastUpdated", "expiresAt", "userConsentedAt",
                "accountIds", "status", "error", "extendedStatus"), fieldNames(synced));
        assertEquals("sandbox", synced.get("bankId").asText());
        assertEquals("Sandbox Bank", synced.get("name").asText());
        assertEquals("ok", synced.get("status").asText());
        assertTrue(synced.get("error").isNull() && synced.get("extendedStatus").isNull());
        Instant.parse(synced.get("lastUpdated").asText());

        List<String> accountIds = texts(Http.get(base + "/data/accounts", partner.accessToken("accounts:read", userId)).json().get("data"), "id");
        assertFalse(accountIds.isEmpty());
        assertEquals(accountIds, texts(synced.get("accountIds")), "the connection's accounts are the stored ones");
    }

    @Test
    void aBankThatRefusesOurTokensOrFailsShowsInTheConnectionsStatusWhileTheStoreAnswers() {
        Map<String, String> expected = Map.of("revoked", "credentials_error", "down", "sync_error");
        expected.forEach((customer, error) -> {
            String userId = partner.newProfile();
            String connectionId = Connect.ongoing(partner, userId, customer);
            JsonNode connection = FirstSync.await(partner, userId, connectionId);
            assertEquals("error", connection.get("status").asText(), customer);
            assertEquals(error, connection.get("error").asText(), customer);
            assertTrue(connection.get("lastUpdated").isNull(), customer + ": no sync succeeded");
            Http.Answer data = Http.get(base + "/data/accounts", partner.accessToken("accounts:read", userId));
            assertEquals(200, data.status(), customer + ": " + data.body());
            assertEquals(0, data.json().get("data").size(), customer + ": nothing was stored");
        });
    }

    @Test
    void aConnectionsExpiryCanOnlyComeEarlier() {
        String userId = partner.newProfile();
        String connectionId = Connect.ongoing(partner, userId, "alice");
        String url = base + "/users/" + userId + "/connections/" + connectionId;
        String update = partner.accessToken("user:update", null);
        Instant earlier = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        Http.Answer patched = Http.patchJson(url, update, "{\"expiresAt\":\"" + earlier + "\"}");
        assertEquals(204, patched.status(), patched.body());
        assertEquals(earlier, Instant.parse(Http.get(url, partner.accessToken("user:read", null)).json().get("data").get("expiresAt").asText()));

        String connectionUpdate = partner.accessToken("connection:update", null);
        for (String body : List.of("{\"expiresAt\":\"" + earlier.plus(1, ChronoUnit.DAYS) + "\"}",
                "{\"expiresAt\":\"" + Instant.now().minus(1, ChronoUnit.DAYS) + "\"}", "{\"expiresAt\":\"soon\"}",
                "{\"expiresAt\":\"" + earlier + "\",\"status\":\"ok\"}", "not json")) {
            Http.Answer refused = Http.patchJson(url, connectionUpdate, body);
            assertEquals(400, refused.status(), body);
            assertError(refused.json(), "bad_request");
        }
        assertEquals(403, Http.patchJson(url, partner.accessToken("user:read", null), "{\"expiresAt\":\"" + earlier + "\"}").status());
    }

    @Test
    void accountsAndTransactionsHaveTheDocumentedShapes() {
        String userId = partner.newProfile();
        String connectionId = Connect.ongoing(partner, userId, "alice");
        JsonNode accounts = Http.get(base + "/data/accounts", partner.accessToken("accounts:read", userId)).json();
        assertTrue(accounts.get("links").has("self"));
        JsonNode account = accounts.get("data").get(0);
        for (String field : List.of("id", "accountName", "type", "currency", "balance", "connectionId", "providerName",
                "dateAdded", "dateModified")) {
            assertTrue(account.hasNonNull(field), field + " in " + account);
        }
        assertFalse(account.has("details"), "details need accounts_details:read");
        assertEquals(connectionId, account.get("connectionId").asText());
        assertTrue(account.get("balance").get("amount").get("value").isIntegralNumber(), account.toString());
        assertEquals(account.get("currency").asText(), account.get("balance").get("amount").get("currency").asText());
        assertTrue(account.get("balance").get("date").asText().matches("\\d{4}-\\d{2}-\\d{2}"));

        String withDetails = partner.accessToken("accounts:read accounts_details:read", userId);
        JsonNode one = Http.get(base + "/data/accounts/" + Http.enc(account.get("id").asText()), withDetails).json().get("data");
        assertEquals(account.get("id"), one.get("id"));
        assertTrue(one.get("details").has("accountNumber"), one.toString());

        String allToken = partner.accessToken("transactions:read:all", userId);
        JsonNode all = Http.get(base + "/data/transactions", allToken).json();
        assertEquals(accounts.get("data").size(), Set.copyOf(texts(all.get("data"), "accountId")).size(),
                "without accountId: every account the token covers");
        JsonNode transaction = all.get("data").get(0);
        assertTrue(transaction.get("amount").get("value").isIntegralNumber(), transaction.toString());
        assertTrue(Set.of("posted", "pending").contains(transaction.get("status").asText()));
        for (String field : List.of("id", "accountId", "date", "longDescription", "shortDescription", "dateModified")) {
            assertTrue(transaction.hasNonNull(field), field + " in " + transaction);
        }
        JsonNode byId = Http.get(base + "/data/transactions/" + Http.enc(transaction.get("id").asText()), allToken).json().get("data");
        assertEquals(transaction, byId);
        assertEquals(404, Http.get(base + "/data/transactions/" + Http.enc(transaction.get("id").asText() + "x"), allToken).status());

        JsonNode out = Http.get(base + "/data/transactions", partner.accessToken("transactions:read:out", userId)).json().get("data");
        assertFalse(out.isEmpty());
        out.forEach(t -> assertTrue(t.get("amount").get("value").asLong() < 0, "money out only: " + t));

        String day = transaction.get("date").asText().substring(0, 10);
        JsonNode thatDay = Http.get(base + "/data/transactions?startDate=" + day + "&endDate=" + day, allToken).json().get("data");
        assertFalse(thatDay.isEmpty());
        thatDay.forEach(t -> assertTrue(t.get("date").asText().startsWith(day), t.toString()));
        assertEquals(400, Http.get(base + "/data/transactions?startDate=yesterday", allToken).status());

        int max = ServerSettings.DATA_MAX_PAGE_SIZE;
        assertEquals(200, Http.get(base + "/data/transactions?limit=" + max, allToken).status(), "the server's max-page-size");
        Http.Answer beyondMax = Http.get(base + "/data/transactions?limit=" + (max + 1), allToken);
        assertEquals(400, beyondMax.status());
        assertTrue(beyondMax.json().get("message").asText().contains("1 to " + max), beyondMax.body());
    }

    @Test
    void errorsCarryACodeAMessageAndACorrelationId() {
        Http.Answer missing = Http.get(base + "/users/00000000-0000-0000-0000-000000000000", partner.accessToken("user:read", null));
        assertEquals(404, missing.status());
        assertError(missing.json(), "not_found");
        Http.Answer noToken = Http.get(base + "/users", null);
        assertEquals(401, noToken.status());
        assertError(noToken.json(), "unauthorized");
        String userId = partner.newProfile();
        for (String path : List.of("/users/" + userId + "/nonsense", "/users/" + userId + "/connections/x/nonsense", "/data/nonsense",
                "/data/accounts/x/nonsense")) {
            Http.Answer unknown = Http.get(base + path, partner.accessToken("user:read", null));
            assertEquals(404, unknown.status(), path);
            assertError(unknown.json(), "not_found");
        }
    }

    @Test
    void aKnownPathAskedWithAMethodItDoesNotTakeAnswersJson() {
        String userId = partner.newProfile();
        String connectionId = Connect.ongoing(partner, userId, "alice");
        String token = partner.accessToken("user:read user:create user:update user:delete connection:read connection:update connection:delete", null);
        Map<String, List<String>> wrongMethods = new LinkedHashMap<>();
        wrongMethods.put("/users", List.of("PUT", "PATCH", "DELETE"));
        wrongMethods.put("/users/" + userId, List.of("POST", "PUT", "PATCH"));
        wrongMethods.put("/users/" + userId + "/connections", List.of("POST", "PUT", "PATCH", "DELETE"));
        wrongMethods.put("/users/" + userId + "/connections/" + connectionId, List.of("POST", "PUT"));
        wrongMethods.put("/data/accounts", List.of("POST", "PUT", "PATCH", "DELETE"));
        wrongMethods.put("/data/accounts/x", List.of("POST", "PUT", "PATCH", "DELETE"));
        wrongMethods.put("/data/transactions", List.of("POST", "PUT", "PATCH", "DELETE"));
        wrongMethods.put("/data/transactions/x", List.of("POST", "PUT", "PATCH", "DELETE"));
        wrongMethods.put("/banks", List.of("POST", "PUT", "PATCH", "DELETE"));
        wrongMethods.put("/events", List.of("POST", "PUT", "PATCH", "DELETE"));
        wrongMethods.put("/events/x/redeliver", List.of("GET", "PUT", "PATCH", "DELETE"));
        wrongMethods.forEach((path, methods) -> methods.forEach(method -> {
            Http.Answer answer = Http.sendJson(method, base + path, token, "{}");
            assertEquals(405, answer.status(), method + " " + path);
            assertError(answer.json(), "method_not_allowed");
        }));
        assertEquals(1, Http.get(base + "/users/" + userId + "/connections", token).json().get("data").size(),
                "the profile and its connection are untouched");
    }

    private static void assertError(JsonNode error, String code) {
        assertEquals(Set.of("code", "message", "correlationId"), fieldNames(error), error.toString());
        assertEquals(code, error.get("code").asText());
    }


    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> texts(JsonNode array, String field, JsonNode... more) {
        List<String> all = new ArrayList<>(StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asText()).toList());
        for (JsonNode other : more) {
            other.forEach(n -> all.add(n.get(field).asText()));
        }
        return all;
    }
}
