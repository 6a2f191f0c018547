package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.openfinance.identity.it.harness.SandboxBank;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * The Data API answers from the store the syncs keep, never from the bank: the sandbox bank's own count of data calls
 * does not move however many Data API calls are made, and every answer is the bank's data. Syncs bring changes in
 * (pending to booked, the same transaction), keep the history the bank no longer serves, and are limited, when the
 * customer is not present, to the allowance per connection.
 */
@ExtendWith(KeycloakExtension.class)
class StoredBankDataIT {

    private static final String CUSTOMER = "busy";
    private static final String ALL = "accounts:read accounts_details:read transactions:read:all";
    private static Partner partner;
    private static String base;
    private static KeycloakServer server;

    @BeforeAll
    static void registerPartner(KeycloakServer keycloak) {
        server = keycloak;
        partner = Partner.register(server, "Store Reader", Map.of());
        base = partner.realmUrl();
    }

    @Test
    void twoHundredDataApiCallsReadTheStoreAndEveryAnswerIsTheBanks() {
        Map<String, JsonNode> bankAccounts = new HashMap<>();
        Map<String, List<String>> bankTransactions = new HashMap<>();
        readTheBankDirectly(bankAccounts, bankTransactions);
        String profile = partner.newProfile();
        String connection = Connect.ongoing(partner, profile, CUSTOMER);
        JsonNode synced = FirstSync.await(partner, profile, connection);
        assertNull(synced.get("error").textValue());
        assertNotNull(synced.get("lastUpdated").textValue(), "lastUpdated is the first sync's");
        long bankCallsBefore = bankCalls();
        String token = partner.accessToken(ALL, profile);
        int calls = 0;

        List<JsonNode> accounts = new ArrayList<>();
        for (int i = 0; i < 10; i++, calls++) {
            JsonNode listed = ok(Http.get(base + "/data/accounts", token)).get("data");
            assertEquals(2, listed.size());
            if (i == 0) {
                listed.forEach(accounts::add);
            }
        }
        assertEquals(Set.copyOf(texts(synced.get("accountIds"))), accounts.stream().map(a -> a.get("id").asText()).collect(Collectors.toSet()),
                "the connection's accountIds are the stored accounts");
        for (int i = 0; i < 5; i++, calls++) {
            assertEquals(2, ok(Http.get(base + "/data/accounts-list", token)).get("data").size());
        }
        for (JsonNode account : accounts) {
            JsonNode bank = bankAccounts.get(account.at("/details/iban").asText());
            assertNotNull(bank, "the account is the bank's, by IBAN: " + account);
            String id = account.get("id").asText();
            for (int i = 0; i < 10; i++, calls++) {
                JsonNode one = ok(Http.get(base + "/data/accounts/" + id, token)).get("data");
                assertEquals(bank.get("balance").asLong(), one.at("/balance/amount/value").asLong());
                assertEquals(bank.get("currency").asText(), one.get("currency").asText());
                assertEquals(bank.get("name").asText(), one.get("accountName").asText());
            }
            for (int i = 0; i < 5; i++, calls++) {
                JsonNode balance = ok(Http.get(base + "/data/accounts/" + id + "/balances", token)).get("data").get(0);
                assertEquals(bank.get("balance").asLong(), balance.at("/amount/value").asLong());
                assertEquals(bank.get("balanceDate").asText(), balance.get("date").asText());
            }
            List<String> expected = bankTransactions.get(bank.get("id").asText());
            List<JsonNode> byCursor = new ArrayList<>();
            String next = base + "/data/transactions?limit=25&accountId=" + Http.enc(id);
            while (next != null) {
                JsonNode page = ok(Http.get(next, token));
                calls++;
                assertEquals(expected.size(), page.at("/meta/total").asInt());
                page.get("data").forEach(byCursor::add);
                next = page.at("/links/next").isTextual() ? page.at("/links/next").asText() : null;
            }
            assertEquals(sorted(expected), sorted(byCursor.stream().map(StoredBankDataIT::fact).toList()),
                    "amounts, directions, dates and statuses are the bank's, each transaction once");
            List<JsonNode> byOffset = new ArrayList<>();
            for (int offset = 0; offset < expected.size(); offset += 40, calls++) {
                ok(Http.get(base + "/data/transactions?limit=40&offset=" + offset + "&accountId=" + Http.enc(id), token))
                        .get("data").forEach(byOffset::add);
            }
            assertEquals(ids(byCursor), ids(byOffset), "offset and cursor page the same order, newest first");
            for (int i = 0; i + 1 < byCursor.size(); i++) {
                assertTrue(byCursor.get(i).get("date").asText().compareTo(byCursor.get(i + 1).get("date").asText()) >= 0);
            }
            for (JsonNode listed : byCursor.subList(0, 80)) {
                JsonNode one = ok(Http.get(base + "/data/transactions/" + listed.get("id").asText(), token)).get("data");
                calls++;
                assertEquals(listed, one);
            }
            JsonNode march = ok(Http.get(base + "/data/transactions?startDate=2026-03-01&endDate=2026-03-31&limit=100&accountId="
                    + Http.enc(id), token));
            calls++;
            long inMarch = expected.stream().filter(fact -> fact.startsWith("2026-03")).count();
            assertEquals(inMarch, march.at("/meta/total").asLong());
            march.get("data").forEach(t -> assertTrue(t.get("date").asText().startsWith("2026-03"), t.toString()));
        }
        String moneyIn = partner.accessToken("transactions:read:in", profile);
        JsonNode in = ok(Http.get(base + "/data/transactions?limit=200", moneyIn));
        calls++;
        long bankIn = bankTransactions.values().stream().flatMap(List::stream).filter(fact -> !fact.contains("|-")).count();
        assertEquals(bankIn, in.at("/meta/total").asLong(), "transactions:read:in: the money in, of every account");
        in.get("data").forEach(t -> assertTrue(t.at("/amount/value").asLong() > 0, t.toString()));

        assertEquals(bankCallsBefore, bankCalls(), "no Data API call reached the bank");
        assertTrue(calls >= 200, "made " + calls + " Data API calls");
    }

    @Test
    void aPendingTransactionThatBooksIsUpdatedOnceAndHistoryTheBankNoLongerServesStays() {
        String profile = partner.newProfile();
        String connection = Connect.ongoing(partner, profile, CUSTOMER);
        FirstSync.await(partner, profile, connection);
        String token = partner.accessToken(ALL, profile);
        List<JsonNode> before = allTransactions(token);
        Set<String> pending = before.stream().filter(t -> "pending".equals(t.get("status").asText()))
                .map(t -> t.get("id").asText()).collect(Collectors.toSet());
        assertEquals(250, before.size());
        assertFalse(pending.isEmpty());

        try {
            sandboxSetting("of.sandboxBookingSeconds", "0");
            assertEquals("ok", sync(profile, connection, true).get("status").asText());
            List<JsonNode> booked = allTransactions(token);
            assertEquals(250, booked.size(), "booked under the same bank id: updated, not added");
            assertEquals(ids(before).stream().sorted().toList(), ids(booked).stream().sorted().toList());
            booked.stream().filter(t -> pending.contains(t.get("id").asText()))
                    .forEach(t -> assertEquals("posted", t.get("status").asText()));

            sandboxSetting("of.sandboxFullHistorySeconds", "0");
            SandboxBank bank = new SandboxBank(server);
            String lateToken = bank.tokens(CUSTOMER).accessToken();
            sleep(1100);
            String bankAccount = bank.api("accounts", lateToken).json().get("accounts").get(0).get("id").asText();
            assertEquals(0, bank.api("accounts/" + bankAccount + "/transactions", lateToken).json().get("transactions").size(),
                    "past the consent's first minutes the bank serves no transaction older than 90 days");
            assertEquals("ok", sync(profile, connection, true).get("status").asText());
            assertEquals(250, allTransactions(token).size(), "the whole history read at connect is still served");
        } finally {
            sandboxSetting("of.sandboxBookingSeconds", null);
            sandboxSetting("of.sandboxFullHistorySeconds", null);
        }
    }

    @Test
    void unattendedSyncsStopAtTheAllowanceBeforeTheBankIsCalledAndAreListed() {
        String profile = partner.newProfile();
        String connection = Connect.ongoing(partner, profile, CUSTOMER);
        FirstSync.await(partner, profile, connection);
        for (int i = 0; i < 4; i++) {
            assertEquals("ok", sync(profile, connection, false).get("status").asText(), "unattended sync " + (i + 1));
        }
        long bankCallsBefore = bankCalls();

        Http.Answer fifth = Http.postJson(base + "/data/sync/" + connection, syncToken(profile), "{}");
        assertEquals(429, fifth.status(), fifth.body());
        assertTrue(Long.parseLong(fifth.raw().headers().firstValue("Retry-After").orElseThrow()) > 0);
        assertEquals("too_many_requests", fifth.json().get("code").asText());
        assertEquals(bankCallsBefore, bankCalls(), "nothing was called past the allowance");
        assertEquals("ok", sync(profile, connection, true).get("status").asText(), "the customer present: not counted");

        JsonNode syncs = ok(Http.get(base + "/users/" + profile + "/connections/" + connection + "/syncs",
                partner.accessToken("user:read", null))).get("data");
        assertEquals(6, syncs.size(), "the first sync, four unattended, one attended; the refused one is no sync");
        assertEquals("ADD", syncs.get(syncs.size() - 1).get("method").asText());
        assertEquals("UPDATE", syncs.get(0).get("method").asText(), "only the first sync adds");
        assertEquals("auto-update", syncs.get(syncs.size() - 1).get("action").asText());
        assertEquals("client-update", syncs.get(0).get("action").asText());
        JsonNode one = ok(Http.get(base + "/users/" + profile + "/syncs/" + syncs.get(0).get("id").asText(),
                partner.accessToken("user:read", null))).get("data");
        assertEquals(syncs.get(0), one);
        assertEquals(2, one.get("accounts").size());

        Partner foreign = Partner.register(server, "Foreign Store Reader", Map.of());
        assertEquals(404, Http.get(base + "/users/" + profile + "/connections/" + connection + "/syncs",
                foreign.accessToken("user:read", null)).status());
        assertEquals(404, Http.get(base + "/users/" + profile + "/syncs/" + one.get("id").asText(),
                foreign.accessToken("user:read", null)).status());
    }

    private static JsonNode sync(String profile, String connection, boolean customerPresent) {
        Http.Answer answer = Http.postJson(base + "/data/sync/" + connection, syncToken(profile),
                customerPresent ? "{\"customerIpAddress\": \"203.0.113.7\"}" : "{}");
        return ok(answer).get("data");
    }

    private static String syncToken(String profile) {
        return partner.accessToken("accounts:read accounts:write:all", profile);
    }

    private static List<JsonNode> allTransactions(String token) {
        List<JsonNode> all = new ArrayList<>();
        String next = base + "/data/transactions?limit=100";
        while (next != null) {
            JsonNode page = ok(Http.get(next, token));
            page.get("data").forEach(all::add);
            next = page.at("/links/next").isTextual() ? page.at("/links/next").asText() : null;
        }
        return all;
    }

    /** The bank's own accounts (by IBAN) and transactions (by bank account id), as facts to compare. */
    private static void readTheBankDirectly(Map<String, JsonNode> accounts, Map<String, List<String>> transactions) {
        SandboxBank bank = new SandboxBank(server);
        String bankToken = bank.tokens(CUSTOMER).accessToken();
        for (JsonNode account : bank.api("accounts", bankToken).json().get("accounts")) {
            accounts.put(account.at("/details/iban").asText(), account);
            List<String> facts = new ArrayList<>();
            String accountId = account.get("id").asText();
            for (JsonNode t : bank.api("accounts/" + accountId + "/transactions", bankToken).json().get("transactions")) {
                long amount = "in".equals(t.get("direction").asText()) ? t.get("amount").asLong() : -t.get("amount").asLong();
                facts.add(t.get("bookedAt").asText() + "|" + amount + "|" + t.get("currency").asText() + "|"
                        + t.get("description").asText() + "|" + ("pending".equals(t.get("status").asText()) ? "pending" : "posted"));
            }
            transactions.put(accountId, facts);
        }
    }

    private static String fact(JsonNode t) {
        return t.get("date").asText() + "|" + t.at("/amount/value").asLong() + "|" + t.at("/amount/currency").asText() + "|"
                + t.get("longDescription").asText() + "|" + t.get("status").asText();
    }

    private static long bankCalls() {
        JsonNode customer = new Admin(server).get("/realms/" + ServerSettings.SANDBOX_REALM + "/users?exact=true&username=" + CUSTOMER).get(0);
        JsonNode calls = customer.at("/attributes/sandboxDataCalls/0");
        assertFalse(calls.isMissingNode(), "the sandbox bank's read counter, after its first sync: " + customer);
        return Long.parseLong(calls.asText());
    }

    private static void sandboxSetting(String attribute, String value) {
        Admin admin = new Admin(server);
        ObjectNode realm = (ObjectNode) admin.get("/realms/" + ServerSettings.SANDBOX_REALM);
        ObjectNode attributes = realm.with("attributes");
        if (value == null) {
            attributes.remove(attribute);
        } else {
            attributes.put(attribute, value);
        }
        Http.Answer updated = admin.put("/realms/" + ServerSettings.SANDBOX_REALM, realm.toString());
        assertEquals(204, updated.status(), updated.body());
    }


    private static JsonNode ok(Http.Answer answer) {
        assertEquals(200, answer.status(), answer.body());
        return answer.json();
    }

    private static List<String> ids(List<JsonNode> transactions) {
        return transactions.stream().map(t -> t.get("id").asText()).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
