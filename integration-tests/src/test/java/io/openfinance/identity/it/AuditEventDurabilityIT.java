package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
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
 * quits at once, as in a power cut, on a PostgreSQL server of this test's own). Keycloak writes the event in the
 * request's transaction, which commits before the answer leaves; a production server commits it durably
 * ({@link ProductionCluster#DURABLE_AUDIT_EVENTS}). Eight partner backends ask for plain, {@code + sub} and jwt-bearer
 * tokens until the crash. Production mode only (its own server and database server); prints what it measured.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditEventDurabilityIT {

    private static final int BACKENDS = 8;
    private static final int TOKENS_BEFORE_THE_CRASH = 300;

    private static CrashablePostgres database;
    private static ProductionCluster server;
    private static Partner partner;
    private static String profile;

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

    /** Token ids answered by the node until {@code crash} cut the partner backends off. */
    private static Set<String> tokensUntil(Runnable crash) throws Exception {
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
        ExecutorService backends = Executors.newFixedThreadPool(BACKENDS);
        List<Future<?>> loops = new ArrayList<>();
        try {
            for (int b = 0; b < BACKENDS; b++) {
                Supplier<Map<String, String>> request = requests.get(b % requests.size());
                loops.add(backends.submit(() -> {
                    while (true) {
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
            crash.run();
            for (Future<?> loop : loops) {
                loop.get(2, TimeUnit.MINUTES);
            }
        } finally {
            backends.shutdownNow();
        }
        report("%d tokens answered before the crash (%d requests cut off)", answered.size(), cutOff.get());
        assertTrue(answered.size() >= TOKENS_BEFORE_THE_CRASH, "tokens were issued before the crash: " + answered.size());
        return answered;
    }

    private static void assertEveryTokenAudited(Set<String> answered, String crash) throws Exception {
        Set<String> audited = new HashSet<>();
        try (Connection connection = server.openDatabase();
             PreparedStatement events = connection.prepareStatement(
                     "select coalesce(DETAILS_JSON_LONG_VALUE, DETAILS_JSON) from EVENT_ENTITY"
                             + " where TYPE in ('CLIENT_LOGIN', 'JWT_AUTHORIZATION_GRANT') and CLIENT_ID = ?")) {
            events.setString(1, partner.clientId());
            ResultSet rows = events.executeQuery();
            while (rows.next()) {
                audited.add(Http.JSON.readTree(rows.getString(1)).path("token_id").asText());
            }
        }
        Set<String> unaudited = new TreeSet<>(answered);
        unaudited.removeAll(audited);
        report("%s: %d token events of the partner stored, %d answered tokens without one", crash, audited.size(), unaudited.size());
        assertEquals(Set.of(), unaudited, "tokens a partner holds without their audit event after " + crash);
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
