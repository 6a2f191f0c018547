package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.FirstSync;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ProductionCluster;
import io.openfinance.identity.it.harness.SandboxBank;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * Our unattended syncs on two production nodes, with settings a test can wait for: each connection due every 5
 * seconds, a scan every 2, a 20-second lease (a sync of the {@code slow} customer is two reads of 3 seconds). A node
 * SIGKILLed while its sync reads the sandbox bank's {@code slow} customer has written nothing of it; the other node takes the sync over once the lease runs out and records it, once;
 * and however often the scheduler finds the connection due, the bank is read at most 4 times without the customer in
 * the window, by our count and by the bank's own, with every transaction stored once.
 */
class UnattendedSyncClusterIT {

    private static final String CUSTOMER = "slow";
    private static final Duration PERIOD = Duration.ofSeconds(5);
    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final int ALLOWANCE = 4;

    private static ProductionCluster cluster;
    private static Partner partner;

    /** A sync in flight as the database shows it. */
    private record Lease(String syncId, long createdAt, int attempt, String holder) {
    }

    @BeforeAll
    static void twoNodesSyncingEveryFewSeconds() {
        cluster = ProductionCluster.create("syncs", 2)
                .with("--spi-open-finance-connection--jpa--sync-period-seconds=" + PERIOD.toSeconds())
                .with("--spi-open-finance-connection--jpa--sync-scan-seconds=2")
                .with("--spi-open-finance-connection--jpa--sync-lease-seconds=" + LEASE.toSeconds())
                .onPreparedDatabase().started();
        partner = Partner.register(cluster, "Unattended Sync Partner", Map.of());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aNodeKilledMidSyncLeavesTheSyncToTheOtherAndTheAllowanceHolds() throws Exception {
        Map<String, List<String>> atTheBank = transactionsAtTheBank();
        String profile = partner.newProfile();
        String connection = Connect.ongoing(partner, profile, CUSTOMER);
        JsonNode connected = FirstSync.await(partner, profile, connection);
        assertNull(connected.get("error").textValue(), connected.toString());

        Lease inFlight = await(() -> lease(connection), Duration.ofMinutes(2), "a scheduled sync in flight");
        int holder = nodeOf(inFlight.holder());
        cluster.killNode(holder);
        Instant killed = Instant.now();
        report("killed node %d (SIGKILL) while its sync %s read the bank", holder + 1, inFlight.syncId());
        assertEquals(Optional.of(inFlight), lease(connection), "the dead node's sync is still its own: its write never committed");
        assertEquals(0, count("select count(*) from OF_SYNC where ID = ?", inFlight.syncId()), "nothing of it recorded");
        cluster.awaitOneCluster();

        long fetchedAt = await(() -> longValue("select FETCHED_AT from OF_SYNC where ID = ? and FETCH_STATUS = 'success'"
                + " and CREATED_AT = ?", inFlight.syncId(), inFlight.createdAt()), LEASE.plus(Duration.ofMinutes(2)),
                "the killed sync recorded by the other node");
        report("node %d took the sync over and recorded it %s after the kill", 2 - holder,
                Duration.between(killed, Instant.ofEpochMilli(fetchedAt)));
        assertTrue(fetchedAt > killed.toEpochMilli());

        await(() -> count("select count(*) from OF_UNATTENDED_READ where CONNECTION_ID = ?", connection) == ALLOWANCE
                ? Optional.of(true) : Optional.empty(), Duration.ofMinutes(3), "the allowance spent");
        Thread.sleep(PERIOD.multipliedBy(3).toMillis());

        assertEquals(ALLOWANCE, count("select count(*) from OF_UNATTENDED_READ where CONNECTION_ID = ?", connection),
                "three more periods later, still no read past the allowance");
        assertEquals(0, count("select count(*) from OF_SYNC_LEASE"), "no sync left in flight");
        List<String> syncs = strings("select ID from OF_SYNC where CONNECTION_ID = ? and FETCH_STATUS = 'success'"
                + " and ACTION = 'auto-update' order by CREATED_AT", connection);
        assertEquals(syncs.size(), count("select count(*) from OF_SYNC where CONNECTION_ID = ?", connection), "every sync succeeded");
        assertEquals(1 + (ALLOWANCE - 1), syncs.size(),
                "the first sync and one per unattended read but the killed node's, whose sync was recorded once: " + syncs);
        assertTrue(syncs.contains(inFlight.syncId()));
        List<String> listed = new ArrayList<>();
        Http.get(partner.realmUrl() + "/users/" + profile + "/connections/" + connection + "/syncs",
                partner.accessToken("user:read", null)).json().get("data").forEach(sync -> listed.add(sync.get("id").asText()));
        assertEquals(syncs.stream().sorted().toList(), listed.stream().sorted().toList(), "the partner's list: each sync once");

        Map<String, Long> bankReads = unattendedReadsAtTheBank();
        report("the bank's own count of unattended reads, per consent and resource: %s", bankReads);
        bankReads.forEach((read, count) -> assertTrue(count <= ALLOWANCE, read + " read " + count + " times"));
        assertTrue(bankReads.entrySet().stream().anyMatch(read -> read.getKey().endsWith(" accounts") && read.getValue() >= ALLOWANCE - 1),
                "the bank counted the connection's reads (all but maybe the killed one): " + bankReads);

        assertEquals(atTheBank, storedTransactions(connection), "each of the bank's transactions stored once, none lost");
        JsonNode page = Http.get(partner.realmUrl() + "/data/transactions?limit=1",
                partner.accessToken("transactions:read:all", profile)).json();
        assertEquals(atTheBank.values().stream().mapToInt(List::size).sum(), page.at("/meta/total").asInt(),
                "the surviving node serves them");
    }

    /** The bank's transaction ids by bank account id, read directly from the bank under a consent of the test's own. */
    private static Map<String, List<String>> transactionsAtTheBank() {
        SandboxBank bank = new SandboxBank(cluster);
        String token = bank.tokens(CUSTOMER).accessToken();
        Map<String, List<String>> transactions = new TreeMap<>();
        for (JsonNode account : bank.api("accounts", token).json().get("accounts")) {
            String id = account.get("id").asText();
            List<String> ids = new ArrayList<>();
            bank.api("accounts/" + id + "/transactions", token).json().get("transactions").forEach(t -> ids.add(t.get("id").asText()));
            transactions.put(id, ids.stream().sorted().toList());
        }
        assertFalse(transactions.isEmpty());
        return transactions;
    }

    private static Map<String, List<String>> storedTransactions(String connection) throws SQLException {
        Map<String, List<String>> stored = new TreeMap<>();
        try (Connection database = cluster.openDatabase(); PreparedStatement query = database.prepareStatement(
                "select a.BANK_ACCOUNT_ID, t.BANK_TRANSACTION_ID from OF_TRANSACTION t join OF_ACCOUNT a on a.ID = t.ACCOUNT_ID"
                        + " where t.CONNECTION_ID = ? order by t.BANK_TRANSACTION_ID")) {
            query.setString(1, connection);
            ResultSet rows = query.executeQuery();
            while (rows.next()) {
                stored.computeIfAbsent(rows.getString(1), account -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        return stored;
    }

    /**
     * The sandbox bank's own record of reads without the customer ({@code "at consent resource"}, on its customer, which
     * the admin API does not show), counted by consent and resource.
     */
    private static Map<String, Long> unattendedReadsAtTheBank() throws SQLException {
        List<String> reads = new ArrayList<>();
        try (Connection database = cluster.openDatabase(); PreparedStatement query = database.prepareStatement(
                "select a.VALUE from USER_ATTRIBUTE a join USER_ENTITY u on u.ID = a.USER_ID join REALM r on r.ID = u.REALM_ID"
                        + " where r.NAME = ? and u.USERNAME = ? and a.NAME = 'sandboxUnattendedReads'")) {
            query.setString(1, ServerSettings.SANDBOX_REALM);
            query.setString(2, CUSTOMER);
            ResultSet rows = query.executeQuery();
            while (rows.next()) {
                reads.add(rows.getString(1));
            }
        }
        return reads.stream().map(read -> read.substring(read.indexOf(' ') + 1))
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    private static Optional<Lease> lease(String connection) {
        try (Connection database = cluster.openDatabase(); PreparedStatement query = database.prepareStatement(
                "select SYNC_ID, CREATED_AT, ATTEMPT, HOLDER from OF_SYNC_LEASE where CONNECTION_ID = ?")) {
            query.setString(1, connection);
            ResultSet row = query.executeQuery();
            return row.next() ? Optional.of(new Lease(row.getString(1), row.getLong(2), row.getInt(3), row.getString(4))) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node whose JVM holds a lease, named {@code pid@host}. */
    private static int nodeOf(String holder) {
        long pid = Long.parseLong(holder.substring(0, holder.indexOf('@')));
        for (int node = 0; node < 2; node++) {
            if (cluster.node(node).jvmPid() == pid) {
                return node;
            }
        }
        throw new AssertionError("no node runs the lease holder " + holder);
    }

    private static long count(String sql, Object... parameters) {
        return longValue(sql, parameters).orElseThrow();
    }

    private static Optional<Long> longValue(String sql, Object... parameters) {
        try (Connection database = cluster.openDatabase(); PreparedStatement query = database.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            ResultSet row = query.executeQuery();
            return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(String sql, String parameter) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection database = cluster.openDatabase(); PreparedStatement query = database.prepareStatement(sql)) {
            query.setString(1, parameter);
            ResultSet rows = query.executeQuery();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private interface Probe<T> {
        Optional<T> get() throws Exception;
    }

    private static <T> T await(Probe<T> probe, Duration timeout, String what) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + ": not within " + timeout);
    }

    private static void report(String format, Object... values) {
        System.out.println("[UnattendedSyncClusterIT] " + String.format(format, values));
    }
}
