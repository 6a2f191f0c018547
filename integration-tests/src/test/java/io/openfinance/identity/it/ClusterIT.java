package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.openfinance.identity.it.harness.OAuthAssertions.assertTokenError;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.PausableFlow.Kind;
import io.openfinance.identity.it.PausableFlow.Outcome;
import io.openfinance.identity.it.PausableFlow.Pause;
import io.openfinance.identity.it.harness.ClusterExtension;
import io.openfinance.identity.it.harness.EventReceiver;
import io.openfinance.identity.it.harness.FapiPartner;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ProductionCluster;
import io.openfinance.identity.it.harness.RoundRobinProxy;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * Two production nodes on one PostgreSQL database behind a round-robin load balancer that sends each request to the
 * other node: flows still work, a node killed with SIGKILL loses nothing, and it rejoins. Prints what it measured.
 */
@ExtendWith(ClusterExtension.class)
class ClusterIT {

    private static ProductionCluster cluster;
    private static Partner partner;

    @BeforeAll
    static void twoNodesBehindALoadBalancer(ProductionCluster started) {
        cluster = started;
        report("node 1 started in %s, node 2 in %s, at once on a copy of the prepared database",
                cluster.node(0).lastStartTime(), cluster.node(1).lastStartTime());
        partner = Partner.register(cluster, "Cluster Partner", Map.of());
    }

    @Test
    void bothFlowsWorkWithEveryRequestOnTheOtherNode() {
        int before = cluster.proxy().forwarded().size();
        PausableFlow.run(partner, Kind.ONE_TIME, "alice", Pause.NOWHERE, () -> { });
        PausableFlow.run(partner, Kind.ONGOING, "bob", Pause.NOWHERE, () -> { });

        List<RoundRobinProxy.Forwarded> forwarded = cluster.proxy().forwarded();
        List<RoundRobinProxy.Forwarded> steps = forwarded.subList(before, forwarded.size()).stream()
                .filter(request -> request.path().contains("/login-actions/") || request.path().endsWith("/openid-connect/auth")
                        || request.path().endsWith("/bank-callback"))
                .toList();
        assertEquals(Set.of(0, 1), steps.stream().map(RoundRobinProxy.Forwarded::node).collect(Collectors.toSet()),
                "the browser steps of the flows were served by both nodes: " + steps);
    }

    @Test
    void flowsInProgressSurviveAKilledNodeThatRejoins() throws Exception {
        Outcome madeBefore = PausableFlow.run(partner, Kind.ONGOING, "alice", Pause.NOWHERE, () -> { });

        List<Pause> pauses = List.of(Pause.AT_CONSENT_PAGE, Pause.AT_BANK_SIGN_IN, Pause.WITH_CODE, Pause.WITH_TOKENS);
        CountDownLatch paused = new CountDownLatch(pauses.size() * Kind.values().length);
        CountDownLatch killed = new CountDownLatch(1);
        ExecutorService browsers = Executors.newFixedThreadPool((int) paused.getCount());
        Map<String, Future<Outcome>> flows = new TreeMap<>();
        for (Pause pause : pauses) {
            for (Kind kind : Kind.values()) {
                String customer = kind == Kind.ONE_TIME ? "alice" : "bob";
                flows.put(kind + " paused " + pause, browsers.submit(() -> PausableFlow.run(partner, kind, customer, pause, () -> {
                    paused.countDown();
                    await(killed);
                })));
            }
        }
        assertTrue(paused.await(3, TimeUnit.MINUTES), "every flow reached its pause");
        Instant kill = Instant.now();
        cluster.killNode(0);
        killed.countDown();
        cluster.awaitOneCluster();
        report("killed node 1 (SIGKILL) with %d flows in progress; node 2 was a cluster of one %s later",
                flows.size(), Duration.between(kill, Instant.now()));

        List<String> failures = new ArrayList<>();
        for (var flow : flows.entrySet()) {
            try {
                Outcome outcome = flow.getValue().get(3, TimeUnit.MINUTES);
                report("  %s: code and tokens, connection %s, %d accounts", flow.getKey(), outcome.connectionId(), outcome.accounts());
                assertOneConnection(outcome);
            } catch (ExecutionException e) {
                report("  %s: FAILED %s", flow.getKey(), e.getCause());
                failures.add(flow.getKey() + ": " + e.getCause());
            }
        }
        browsers.shutdown();
        assertTrue(failures.isEmpty(), "flows that did not end with code and tokens: " + failures);
        assertOneConnection(madeBefore);

        cluster.startNode(0);
        report("node 1 restarted and rejoined in %s", cluster.node(0).lastStartTime());
        assertEquals(2, cluster.node(1).clusterSize());
        for (int node = 0; node < 2; node++) {
            assertTrue(accountsReadDirectlyThrough(cluster.node(node).direct(), madeBefore.profile()) > 0,
                    "node " + (node + 1) + " gives the data of a connection made before the kill");
        }
        assertOneConnection(PausableFlow.run(partner, Kind.ONGOING, "bob", Pause.NOWHERE, () -> { }));
    }

    @Test
    void fortyParallelCreatesOfOneClientUserIdMakeOneProfile() throws Exception {
        String token = partner.accessToken("user:create user:read", null);
        String clientUserId = "race-" + UUID.randomUUID();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService partnerBackends = Executors.newFixedThreadPool(40);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            answers.add(partnerBackends.submit(() -> {
                await(start);
                return Http.postJson(partner.realmUrl() + "/users", token, "{\"clientUserId\":\"" + clientUserId + "\"}").status();
            }));
        }
        start.countDown();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        for (Future<Integer> answer : answers) {
            byStatus.merge(answer.get(2, TimeUnit.MINUTES), 1, Integer::sum);
        }
        partnerBackends.shutdown();
        report("40 parallel POST /users with one clientUserId through both nodes: %s", byStatus);

        assertEquals(Map.of(201, 1, 409, 39), byStatus);
        JsonNode users = Http.get(partner.realmUrl() + "/users?limit=200", token).json().get("data");
        long profiles = 0;
        for (JsonNode user : users) {
            profiles += clientUserId.equals(user.path("clientUserId").asText()) ? 1 : 0;
        }
        assertEquals(1, profiles, "profiles with that clientUserId");
    }

    @Test
    void anEventWhoseNodeIsKilledMidDeliveryIsDeliveredByTheOtherNode() {
        try (EventReceiver receiver = new EventReceiver()) {
            receiver.delay(Duration.ofSeconds(4));
            Partner subscribed = Partner.register(cluster, "Cluster Events Partner", Map.of("of.events.url", receiver.url()));
            Outcome connected = PausableFlow.run(subscribed, Kind.ONGOING, "alice", Pause.NOWHERE, () -> { });
            receiver.await(received -> receiver.arrived() > 0 || !received.isEmpty(), Duration.ofMinutes(1), "a first attempt");
            int deliverer = cluster.node(0).isConnectedTo(receiver.port()) ? 0 : 1;
            assertTrue(cluster.node(deliverer).isConnectedTo(receiver.port()), "a node is in the middle of delivering");
            Instant kill = Instant.now();
            cluster.killNode(deliverer);
            receiver.delay(Duration.ZERO);
            report("killed node %d (SIGKILL) while it was delivering an event", deliverer + 1);

            List<EventReceiver.Received> after = receiver.await(received -> received.stream()
                    .anyMatch(r -> r.delivered() && r.at().isAfter(kill)), Duration.ofMinutes(3), "delivery by the other node").stream()
                    .filter(r -> r.at().isAfter(kill)).toList();
            Duration takeover = Duration.between(kill, after.get(0).at());
            report("node %d delivered it %s after the kill", 2 - deliverer, takeover);
            assertTrue(takeover.compareTo(ProductionCluster.EVENT_LEASE.multipliedBy(2).plusSeconds(4)) < 0,
                    "taken over once the nodes' lease of " + ProductionCluster.EVENT_LEASE + " ran out, not the default 30 s: " + takeover);
            EventReceiver.Received event = after.get(0);
            assertEquals("connection.created", event.type());
            assertEquals(connected.connectionId(), event.payload().get("connectionId"));
            assertEquals(Set.of(event.claims().getJWTID()), receiver.received().stream().map(r -> r.claims().getJWTID())
                    .collect(Collectors.toSet()), "the same event (same jti) again, nothing else");
            JsonNode listed = Http.get(subscribed.realmUrl() + "/events", subscribed.accessToken("events:read", null)).json().get("data");
            assertEquals("delivered", listed.get(0).get("status").asText(), listed.toString());
            assertTrue(listed.get(0).get("attempts").asInt() >= 2, listed.toString());
        } finally {
            for (int node = 0; node < 2; node++) {
                if (!cluster.node(node).isRunning()) {
                    cluster.startNode(node);
                }
            }
        }
    }

    @Test
    void aClientAssertionSpentOnOneNodeIsRefusedOnTheOther() {
        FapiPartner fapi = new FapiPartner(cluster);
        ClientAuthentication assertion = fapi.clientAuth(fapi.tokenEndpoint());
        int before = cluster.proxy().forwarded().size();

        TokenResponse first = fapi.clientCredentials("user:read", null, assertion);
        TokenResponse replayed = fapi.clientCredentials("user:read", null, assertion);

        assertTrue(first.indicatesSuccess(), first.toString());
        assertTokenError(replayed, "invalid_client");
        List<RoundRobinProxy.Forwarded> forwarded = cluster.proxy().forwarded();
        Set<Integer> nodes = forwarded.subList(before, forwarded.size()).stream()
                .filter(request -> request.path().endsWith("/openid-connect/token"))
                .map(RoundRobinProxy.Forwarded::node).collect(Collectors.toSet());
        assertEquals(Set.of(0, 1), nodes, "the assertion was spent on one node and replayed on the other");
    }

    /** The connection is there exactly once, under the id the partner was given. */
    private static void assertOneConnection(Outcome outcome) {
        JsonNode connections = Http.get(partner.realmUrl() + "/users/" + outcome.profile() + "/connections",
                partner.accessToken("user:read", null)).json().get("data");
        assertEquals(1, connections.size(), connections.toString());
        assertEquals(outcome.connectionId(), connections.get(0).get("id").asText());
    }

    /** A data token from one node and the accounts it reads there, bypassing the load balancer. */
    private static int accountsReadDirectlyThrough(KeycloakServer node, String profile) {
        String realm = node.realmUrl(ServerSettings.IDENTITY_REALM);
        Http.Answer token = Http.postForm(realm + "/protocol/openid-connect/token", Map.of(
                "grant_type", "client_credentials", "client_id", partner.clientId(), "client_secret", partner.secret(),
                "scope", "accounts:read", "sub", profile));
        assertEquals(200, token.status(), token.body());
        Http.Answer accounts = Http.get(realm + "/data/accounts", token.json().get("access_token").asText());
        assertEquals(200, accounts.status(), accounts.body());
        assertFalse(accounts.json().get("data").isEmpty());
        return accounts.json().get("data").size();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(3, TimeUnit.MINUTES)) {
                throw new IllegalStateException("waited too long");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void report(String format, Object... values) {
        System.out.println("[ClusterIT] " + String.format(format, values));
    }
}
