package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.nimbusds.oauth2.sdk.GrantType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.openfinance.identity.it.PausableFlow.Kind;
import io.openfinance.identity.it.PausableFlow.Pause;
import io.openfinance.identity.it.harness.CrashablePostgres;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ProductionCluster;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * Every token a partner received has its audit event ({@code CLIENT_LOGIN}, or {@code JWT_AUTHORIZATION_GRANT} for a
 * jwt-bearer token, naming the token's id) in the database,
 * whatever crashes right after: the node that issued it (SIGKILL), or the database itself (every PostgreSQL process
 * quits at once, as in a power cut, on a PostgreSQL server of this test's own). The node stores the events of the
 * requests finishing together in one transaction, which commits before their answers leave; a production server
 * commits it durably ({@link ProductionCluster#DURABLE_AUDIT_EVENTS}). Eight partner backends ask for plain,
 * {@code + sub} and jwt-bearer tokens until the crash. Production mode only (its own server and database server);
 * prints what it measured.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditEventDurabilityIT {

    private static final int BACKENDS = 8;
    private static final int TOKENS_BEFORE_THE_CRASH = 300;

    private static CrashablePostgres database;
    private static ProductionCluster server;
    private static Partner partner;
    private static String profile;
    private static volatile boolean issuing;

    @BeforeAll
    static void oneNodeOnADatabaseServerOfItsOwn() {
        database = CrashablePostgres.start();
        server = ProductionCluster.create("audit", 1).onPreparedDatabaseOf(database).started();
        partner = Partner.register(server, "Audit Partner", Map.of(JwtBearerSwitchIT.GRANT_ENABLED, "true"));
        profile = PausableFlow.run(partner, Kind.ONGOING, "alice", Pause.NOWHERE, () -> { }).profile();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /**
     * Each event row's {@code xmin} is the transaction that wrote it. Keycloak's own store writes each token's event in
     * its request's transaction, one each; ours shares one among the requests finishing together, as many as the load
     * brings (about 1.4 tokens a transaction here, 2.2 at 1 500 tokens a second).
     */
    @Test
    @Order(0)
    void tokensAnsweredTogetherShareTheTransactionOfTheirEvents() throws Exception {
        Set<String> answered = tokensUntil(() -> issuing = false);
        Map<String, String> transactionOfToken = tokenEvents();
        assertTrue(transactionOfToken.keySet().containsAll(answered), "every token answered has its event");
        long transactions = answered.stream().map(transactionOfToken::get).distinct().count();
        report("%d tokens answered by %d backends at once: their events written in %d transactions", answered.size(), BACKENDS, transactions);
        assertTrue(transactions < answered.size(), "the events of tokens answered together share transactions: "
                + answered.size() + " tokens, " + transactions + " transactions");
    }

    @Test
    @Order(1)
    void everyTokenAnsweredKeepsItsAuditEventThoughTheDatabaseCrashes() throws Exception {
        Set<String> answered = tokensUntil(database::crash);
        database.startAgain();
        assertEveryTokenAudited(answered, "the database crashed");
    }

    /** After the database's crash: the node's first requests find its pooled connections closed, and it makes new ones. */
    @Test
    @Order(2)
    void everyTokenAnsweredKeepsItsAuditEventThoughTheNodeIsKilled() throws Exception {
        awaitTokens();
        Set<String> answered = tokensUntil(() -> server.killNode(0));
        assertEveryTokenAudited(answered, "the node was killed");
    }

    /** Token ids answered by the node until {@code end} cut the partner backends off, or stopped them. */
    private static Set<String> tokensUntil(Runnable end) throws Exception {
        String tokenEndpoint = server.node(0).direct().realmUrl(ServerSettings.IDENTITY_REALM) + "/protocol/openid-connect/token";
        Map<String, String> plain = Map.of("grant_type", "client_credentials", "client_id", partner.clientId(),
                "client_secret", partner.secret(), "scope", "user:read");
        Map<String, String> withSub = Map.of("grant_type", "client_credentials", "client_id", partner.clientId(),
                "client_secret", partner.secret(), "scope", "accounts:read", "sub", profile);
        List<Supplier<Map<String, String>>> requests = List.of(() -> plain, () -> withSub,
                () -> Map.of("grant_type", GrantType.JWT_BEARER.getValue(), "client_id", partner.clientId(),
                        "client_secret", partner.secret(), "scope", "accounts:read",
                        "assertion", partner.signed(JwtBearerSwitchIT.assertion(partner, profile)).serialize()));
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicInteger cutOff = new AtomicInteger();
        AtomicInteger crashed = new AtomicInteger();
        issuing = true;
        ExecutorService backends = Executors.newFixedThreadPool(BACKENDS);
        List<Future<?>> loops = new ArrayList<>();
        try {
            for (int b = 0; b < BACKENDS; b++) {
                Supplier<Map<String, String>> request = requests.get(b % requests.size());
                loops.add(backends.submit(() -> {
                    while (issuing) {
                        Http.Answer token;
                        try {
                            token = Http.postForm(tokenEndpoint, request.get());
                        } catch (RuntimeException nodeGone) {
                            cutOff.incrementAndGet();
                            return;
                        }
                        if (token.status() != 200 && crashed.get() > 0) {
                            cutOff.incrementAndGet();
                            return;
                        }
                        assertEquals(200, token.status(), token.body());
                        answered.add((String) Partner.claimsOf(token.json().get("access_token").asText()).get("jti"));
                    }
                }));
            }
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            while (answered.size() < TOKENS_BEFORE_THE_CRASH && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            crashed.incrementAndGet();
            end.run();
            for (Future<?> loop : loops) {
                loop.get(2, TimeUnit.MINUTES);
            }
        } finally {
            backends.shutdownNow();
        }
        report("%d tokens answered before the end (%d requests cut off)", answered.size(), cutOff.get());
        assertTrue(answered.size() >= TOKENS_BEFORE_THE_CRASH, "tokens were issued before the end: " + answered.size());
        return answered;
    }

    private static void assertEveryTokenAudited(Set<String> answered, String crash) throws Exception {
        Set<String> audited = tokenEvents().keySet();
        Set<String> unaudited = new TreeSet<>(answered);
        unaudited.removeAll(audited);
        report("%s: %d token events of the partner stored, %d answered tokens without one", crash, audited.size(), unaudited.size());
        assertEquals(Set.of(), unaudited, "tokens a partner holds without their audit event after " + crash);
    }

    /** The partner's token events: the id of each token, and the transaction that wrote its event ({@code xmin}). */
    private static Map<String, String> tokenEvents() throws Exception {
        Map<String, String> transactionOfToken = new HashMap<>();
        try (Connection connection = server.openDatabase();
             PreparedStatement events = connection.prepareStatement("select xmin::text,"
                     + " coalesce(DETAILS_JSON_LONG_VALUE, DETAILS_JSON) from EVENT_ENTITY"
                     + " where TYPE in ('CLIENT_LOGIN', 'JWT_AUTHORIZATION_GRANT') and CLIENT_ID = ?")) {
            events.setString(1, partner.clientId());
            ResultSet rows = events.executeQuery();
            while (rows.next()) {
                transactionOfToken.put(Http.JSON.readTree(rows.getString(2)).path("token_id").asText(), rows.getString(1));
            }
        }
        return transactionOfToken;
    }

    /** Until the node answers a token again (at most a minute). */
    private static void awaitTokens() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!partner.clientCredentials("user:read", null).indicatesSuccess()) {
            assertTrue(Instant.now().isBefore(deadline), "the node answers tokens again after the database's restart");
            Thread.sleep(200);
        }
    }

    private static void report(String format, Object... arguments) {
        System.out.printf("[AuditEventDurabilityIT] " + format + "%n", arguments);
    }
}
