package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.ClusterExtension;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ProductionCluster;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * What a token costs the database, read off PostgreSQL's own table statistics ({@code pg_stat_user_tables}) while one
 * node of the production cluster issues them: neither a data token nor a partner's own token looks for a stored client
 * session, as its user session is transient and never stored (issue 23). Each token still writes its audit event, which
 * is how the test knows that PostgreSQL's statistics include the tokens' transactions.
 */
@ExtendWith(ClusterExtension.class)
class TokenQueriesIT {

    /**
     * Scans by the work before the count (the connect flow's: about ten, its statistics flushed up to 10 s late) may
     * land in it: a quarter of 100 tells them from one scan per token.
     */
    private static final int TOKENS = 100;
    /** Per-backend statistics reach the views within PostgreSQL's idle flush interval (10 s). */
    private static final Duration STATISTICS_WITHIN = Duration.ofSeconds(30);

    private static ProductionCluster cluster;
    private static Partner partner;
    private static String profile;

    @BeforeAll
    static void aProfileWithAConnection(ProductionCluster started) {
        cluster = started;
        partner = Partner.register(cluster, "Data Token Queries Partner", Map.of());
        profile = partner.newProfile();
        Connect.ongoing(partner, profile, "alice");
    }

    @Test
    void aDataTokenLooksForNoStoredClientSession() throws Exception {
        assertNoClientSessionLookups("data tokens", Map.of("scope", "accounts:read", "sub", profile));
    }

    @Test
    void aPartnersOwnTokenLooksForNoStoredClientSession() throws Exception {
        assertNoClientSessionLookups("partner tokens", Map.of("scope", "user:read"));
    }

    private static void assertNoClientSessionLookups(String tokens, Map<String, String> request) throws Exception {
        assertEquals(200, token(request).status(), "a first token, before counting");
        TableCounters before = TableCounters.read(cluster);
        for (int i = 0; i < TOKENS; i++) {
            Http.Answer token = token(request);
            assertEquals(200, token.status(), token.body());
        }
        TableCounters after = TableCounters.awaitEvents(cluster, before.eventsInserted() + TOKENS, STATISTICS_WITHIN);

        long lookups = after.clientSessionScans() - before.clientSessionScans();
        System.out.printf("[TokenQueriesIT] %d %s: %d audit events inserted, %d scans of the stored client sessions%n",
                TOKENS, tokens, after.eventsInserted() - before.eventsInserted(), lookups);
        assertTrue(lookups < TOKENS / 4, TOKENS + " " + tokens + " scanned the stored client sessions " + lookups + " times");
    }

    /** {@code client_credentials}, asked of the first node directly. */
    private static Http.Answer token(Map<String, String> request) {
        Map<String, String> form = new HashMap<>(request);
        form.putAll(Map.of("grant_type", "client_credentials", "client_id", partner.clientId(), "client_secret", partner.secret()));
        return Http.postForm(realmUrl() + "/protocol/openid-connect/token", form);
    }

    private static String realmUrl() {
        return cluster.node(0).direct().realmUrl(ServerSettings.IDENTITY_REALM);
    }

    /** Scans of Keycloak's stored client sessions and rows inserted into its events, as PostgreSQL counts them. */
    private record TableCounters(long clientSessionScans, long eventsInserted) {

        static TableCounters read(ProductionCluster cluster) throws SQLException {
            try (Connection connection = cluster.openDatabase(); Statement statement = connection.createStatement()) {
                statement.execute("select pg_stat_clear_snapshot()");
                ResultSet rows = statement.executeQuery("select relname, coalesce(seq_scan, 0) + coalesce(idx_scan, 0), n_tup_ins"
                        + " from pg_stat_user_tables where relname in ('offline_client_session', 'event_entity')");
                long scans = -1;
                long inserted = -1;
                while (rows.next()) {
                    if (rows.getString(1).equals("offline_client_session")) {
                        scans = rows.getLong(2);
                    } else {
                        inserted = rows.getLong(3);
                    }
                }
                assertTrue(scans >= 0 && inserted >= 0, "PostgreSQL has statistics of both tables");
                return new TableCounters(scans, inserted);
            }
        }

        static TableCounters awaitEvents(ProductionCluster cluster, long inserted, Duration within) throws Exception {
            long deadline = System.nanoTime() + within.toNanos();
            TableCounters counters = read(cluster);
            while (counters.eventsInserted() < inserted) {
                assertTrue(System.nanoTime() < deadline, "PostgreSQL counted the tokens' audit events within " + within);
                Thread.sleep(250);
                counters = read(cluster);
            }
            return counters;
        }
    }
}
