package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.openfinance.identity.it.PausableFlow.Kind;
import io.openfinance.identity.it.PausableFlow.Outcome;
import io.openfinance.identity.it.PausableFlow.Pause;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ProductionCluster;
import io.openfinance.identity.launcher.KeyEncryptionKeyFile;

/**
 * Rotating the key-encryption key on a two-node production cluster: connections sealed under the first key; both
 * nodes restarted with a second key current and the first as previous; old and new connections read; one node
 * re-wraps the data keys in the background (the gauge on each node's management port falls to 0, and the log says
 * the previous key can go); both nodes restarted without the first key; every connection still reads. Last, a node
 * started with no key-encryption key refuses to start and names the setting.
 */
class KeyEncryptionKeyRotationIT {

    private static final Duration REWRAP_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void oldAndNewConnectionsReadBeforeDuringAndAfterARotation() throws Exception {
        Path keys = Path.of(System.getProperty("server.log")).resolveSibling("rotation-keks");
        Path first = KeyEncryptionKeyFile.create(keys.resolve("kek-1"));
        Path second = KeyEncryptionKeyFile.create(keys.resolve("kek-2"));
        try (ProductionCluster cluster = ProductionCluster.create("rotation", 2).onPreparedDatabase()) {
            cluster.useKeyEncryptionKeys(first, List.of());
            cluster.start();
            Partner partner = Partner.register(cluster, "Rotating Partner", Map.of());
            Outcome underFirst = PausableFlow.run(partner, Kind.ONGOING, "alice", Pause.NOWHERE, () -> { });
            Set<String> wrappedByFirst = kekIds(cluster);
            assertEquals(1, wrappedByFirst.size(), "one key-encryption key wraps the data keys: " + wrappedByFirst);

            restart(cluster, second, List.of(first));
            assertReads(partner, underFirst);
            Outcome underSecond = PausableFlow.run(partner, Kind.ONGOING, "bob", Pause.NOWHERE, () -> { });
            awaitRewrapped(cluster);
            Set<String> wrappedBySecond = kekIds(cluster);
            assertEquals(1, wrappedBySecond.size(), "every data key re-wrapped under one key: " + wrappedBySecond);
            assertNotEquals(wrappedByFirst, wrappedBySecond, "the data keys are wrapped by the new key");
            assertTrue(logsSay(cluster, "can be removed from the settings"), "a node's log says the previous key can go");

            restart(cluster, second, List.of());
            assertReads(partner, underFirst);
            assertReads(partner, underSecond);

            cluster.stop();
            cluster.useNoKeyEncryptionKey();
            long logBefore = Files.size(cluster.node(0).logFile());
            assertThrows(IllegalStateException.class, () -> cluster.startNode(0), "production mode started without a key-encryption key");
            String log = Files.readString(cluster.node(0).logFile()).substring((int) logBefore);
            assertTrue(log.contains("--spi-open-finance-sealing--default--kek-file"), "the refusal names the setting:\n" + log);
        }
    }

    private static void restart(ProductionCluster cluster, Path current, List<Path> previous) {
        cluster.stop();
        cluster.useKeyEncryptionKeys(current, previous);
        cluster.start();
    }

    private static void assertReads(Partner partner, Outcome connection) {
        Http.Answer accounts = Http.get(partner.realmUrl() + "/data/accounts", partner.accessToken("accounts:read", connection.profile()));
        assertEquals(200, accounts.status(), accounts.body());
        assertEquals(connection.accounts(), accounts.json().get("data").size());
    }

    /** Until both nodes' {@code of_sealing_pending{kind="data_keys"}} gauges read 0. */
    private static void awaitRewrapped(ProductionCluster cluster) throws InterruptedException {
        Instant deadline = Instant.now().plus(REWRAP_TIMEOUT);
        while (!(pendingDataKeys(cluster, 0) == 0 && pendingDataKeys(cluster, 1) == 0)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("data keys still under the previous key after " + REWRAP_TIMEOUT);
            }
            Thread.sleep(1000);
        }
    }

    private static double pendingDataKeys(ProductionCluster cluster, int node) {
        return Http.get(cluster.node(node).managementUrl() + "/metrics", null).body().lines()
                .filter(line -> line.startsWith("of_sealing_pending{") && line.contains("kind=\"data_keys\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }

    private static Set<String> kekIds(ProductionCluster cluster) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection database = cluster.openDatabase(); Statement query = database.createStatement()) {
            ResultSet rows = query.executeQuery("select KEK_ID from OF_DATA_KEY");
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static boolean logsSay(ProductionCluster cluster, String words) throws Exception {
        for (int node = 0; node < 2; node++) {
            if (Files.readString(cluster.node(node).logFile()).contains(words)) {
                return true;
            }
        }
        return false;
    }
}
