package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.EventReceiver;
import io.openfinance.identity.it.harness.EventReceiver.Received;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;

/**
 * Connection events as partners receive them: signed Security Event Tokens POSTed to the endpoint of the partner's
 * client attributes, by a real receiver in this JVM. The suite's server delivers every second, retries within
 * seconds and sends expiry notices 20 and 10 seconds before a consent ends (DistributionServer's options).
 */
@ExtendWith(KeycloakExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static EventReceiver receiver;
    private static EventReceiver otherReceiver;
    private static Partner partner;
    private static Partner other;
    private static String base;
    /** A consent that ends 25 s after the class starts, of a partner of its own: its wait runs while the other tests do. */
    private static EventReceiver endingReceiver;
    private static String endingConnection;
    private static Instant consentEnd;

    @BeforeAll
    static void subscribePartners(KeycloakServer server) {
        receiver = new EventReceiver();
        otherReceiver = new EventReceiver();
        partner = Partner.register(server, "Events Partner", Map.of("of.events.url", receiver.url()));
        other = Partner.register(server, "Other Events Partner", Map.of("of.events.url", otherReceiver.url(),
                "of.events.types", "connection.created connection.deleted"));
        base = partner.realmUrl();

        endingReceiver = new EventReceiver();
        Partner ending = Partner.register(server, "Ending Consent Partner", Map.of("of.events.url", endingReceiver.url()));
        String userId = ending.newProfile();
        endingConnection = Connect.ongoing(ending, userId, "alice");
        consentEnd = Instant.now().plusSeconds(25).truncatedTo(ChronoUnit.SECONDS);
        assertEquals(204, Http.patchJson(base + "/users/" + userId + "/connections/" + endingConnection,
                ending.accessToken("connection:update", null), "{\"expiresAt\":\"" + consentEnd + "\"}").status());
    }

    @AfterAll
    static void stopReceivers() {
        receiver.close();
        otherReceiver.close();
        endingReceiver.close();
    }

    @Test
    void eventsArriveSignedByTheRealmForTheirPartnerOnlyInOrder() {
        String userId = partner.newProfile();
        String connectionId = connectAndRefresh(partner, userId);
        assertEquals(204, Http.delete(base + "/users/" + userId + "/connections/" + connectionId,
                partner.accessToken("connection:delete", null)).status());

        List<Received> events = awaitTypes(receiver, connectionId, List.of("connection.created", "connection.renewed", "connection.deleted"));
        for (Received event : events) {
            assertEquals("application/secevent+jwt", event.contentType());
            assertEquals("secevent+jwt", event.jwt().getHeader().getType().getType());
            EventReceiver.assertSignedByRealm(event.jwt(), base);
            JWTClaimsSet claims = event.claims();
            assertEquals(base, claims.getIssuer());
            assertEquals(List.of(partner.clientId()), claims.getAudience());
            assertNotNull(claims.getJWTID());
            assertNotNull(claims.getIssueTime());
            assertEquals(userId, event.payload().get("userId"));
            assertEquals("sandbox", event.payload().get("bankId"));
            assertFalse(event.body().isEmpty());
            assertTrue(event.payload().keySet().stream().noneMatch(name -> name.toLowerCase().contains("token")), event.payload().toString());
        }
        assertEquals("refresh", events.get(1).payload().get("renewal"));
        assertEquals("partner", events.get(2).payload().get("reason"));

        assertTrue(otherReceiver.received().stream().noneMatch(r -> r.payload().get("connectionId").equals(connectionId)),
                "another partner never receives this partner's events");
        Set<String> mine = events.stream().map(r -> r.claims().getJWTID()).collect(Collectors.toSet());
        assertTrue(jtis(listEvents(other, "")).stream().noneMatch(mine::contains), "nor lists them");
        JsonNode listed = listEvents(partner, "?status=delivered&limit=1000");
        assertTrue(jtis(listed).containsAll(mine), listed.toString());
        JsonNode created = find(listed, events.get(0).claims().getJWTID());
        assertEquals("connection.created", created.get("type").asText());
        assertEquals(1, created.get("attempts").asInt());
        assertEquals(connectionId, created.get("connectionId").asText());
    }

    @Test
    void aPartnerSubscribedToSomeTypesGetsThoseOnly() {
        String userId = other.newProfile();
        String connectionId = connectAndRefresh(other, userId);
        assertEquals(204, Http.delete(base + "/users/" + userId, other.accessToken("user:delete", null)).status());

        List<Received> events = awaitTypes(otherReceiver, connectionId, List.of("connection.created", "connection.deleted"));
        assertEquals("profile_deleted", events.get(1).payload().get("reason"));
        assertEquals(List.of(other.clientId()), events.get(0).claims().getAudience());
    }

    @Test
    void aReceiverThatWasDownGetsEveryEventOnceItIsBackInOrder() {
        receiver.answer(503);
        try {
            String userId = partner.newProfile();
            String first = Connect.ongoing(partner, userId, "alice");
            String second = Connect.ongoing(partner, userId, "alice");
            assertEquals(204, Http.delete(base + "/users/" + userId + "/connections/" + first,
                    partner.accessToken("connection:delete", null)).status());
            receiver.await(received -> received.stream().filter(r -> !r.delivered() && r.payload().get("connectionId").equals(first)).count() >= 3,
                    PATIENCE, "several refused attempts");
            JsonNode pending = listEvents(partner, "?status=pending");
            JsonNode created = ofConnection(pending, first, "connection.created");
            assertTrue(created.get("attempts").asInt() >= 3, created.toString());
            assertEquals("503", created.get("lastResult").asText());
            assertEquals(0, ofConnection(pending, first, "connection.deleted").get("attempts").asInt(),
                    "a connection's next event waits for the one before");
            receiver.answer(202);

            List<Received> firstEvents = awaitTypes(receiver, first, List.of("connection.created", "connection.deleted"));
            awaitTypes(receiver, second, List.of("connection.created"));
            Map<String, Long> deliveriesPerJti = receiver.delivered().stream()
                    .collect(Collectors.groupingBy(r -> r.claims().getJWTID(), Collectors.counting()));
            assertTrue(deliveriesPerJti.values().stream().allMatch(n -> n == 1), "each event accepted once: " + deliveriesPerJti);
            assertTrue(firstEvents.get(0).claims().getIssueTime().compareTo(firstEvents.get(1).claims().getIssueTime()) <= 0);
        } finally {
            receiver.answer(202);
        }
    }

    /** Last: the consent's 25 s ran from the class's start. */
    @Test
    @Order(Integer.MAX_VALUE)
    void partnersHearThatAConsentEndsSoonAndThatItEnded() {
        List<Received> events = awaitTypes(endingReceiver, endingConnection,
                List.of("connection.created", "connection.expiring", "connection.expiring", "connection.expired"), Duration.ofSeconds(120));
        assertEquals("PT20S", events.get(1).payload().get("notice"));
        assertEquals("PT10S", events.get(2).payload().get("notice"));
        assertEquals(consentEnd.toString(), events.get(3).payload().get("expiresAt"));
        assertTrue(events.get(3).at().isAfter(consentEnd), "expired only after the end");
    }

    @Test
    void aBankFailureIsAnErrorEventOncePerChange() {
        String userId = partner.newProfile();
        String connectionId = Connect.ongoing(partner, userId, "down");
        String syncToken = partner.accessToken("accounts:read accounts:write:all", userId);
        for (int i = 0; i < 2; i++) {
            Http.Answer sync = Http.postJson(base + "/data/sync/" + connectionId, syncToken, "{\"customerIpAddress\": \"203.0.113.7\"}");
            assertEquals("error", sync.json().at("/data/status").asText(), sync.body());
        }

        List<Received> events = awaitTypes(receiver, connectionId, List.of("connection.created", "connection.error"));
        assertEquals("sync_error", events.get(1).payload().get("error"));
    }

    @Test
    void aRefusingEndpointFailsTheEventAndTheEventCanBeSentAgain() {
        receiver.answer(400);
        String connectionId;
        String jti;
        try {
            String userId = partner.newProfile();
            connectionId = Connect.ongoing(partner, userId, "alice");
            receiver.await(received -> received.stream().anyMatch(r -> r.payload().get("connectionId").equals(connectionId)),
                    PATIENCE, "the refused attempt");
            jti = eventually(() -> {
                JsonNode failed = listEvents(partner, "?status=failed&limit=1000");
                return StreamSupport.stream(failed.get("data").spliterator(), false)
                        .filter(e -> e.get("connectionId").asText().equals(connectionId)).findFirst()
                        .map(e -> e.get("jti").asText()).orElse(null);
            });
        } finally {
            receiver.answer(202);
        }
        assertEquals(1, receiver.received().stream().filter(r -> r.payload().get("connectionId").equals(connectionId)).count(),
                "a 400 is not retried");

        String eventsToken = partner.accessToken("events:read", null);
        assertEquals(404, Http.postJson(base + "/events/" + jti + "/redeliver", other.accessToken("events:read", null), "").status());
        Http.Answer again = Http.postJson(base + "/events/" + jti + "/redeliver", eventsToken, "");
        assertEquals(200, again.status(), again.body());
        assertEquals("pending", again.json().get("data").get("status").asText());
        awaitTypes(receiver, connectionId, List.of("connection.created"));
        assertEquals(jti, receiver.delivered().stream().filter(r -> r.payload().get("connectionId").equals(connectionId))
                .findFirst().orElseThrow().claims().getJWTID(), "the same event, same jti");
    }

    @Test
    void anEndpointOverPlainHttpToAnotherHostSubscribesToNothing(KeycloakServer server) {
        Partner careless = Partner.register(server, "Plain HTTP Partner", Map.of("of.events.url", "http://partner.example/events"));
        Connect.ongoing(careless, careless.newProfile(), "alice");
        assertEquals(0, listEvents(careless, "").get("data").size(), "no event kept for a partner without a valid endpoint");
    }

    @Test
    void theEventsApiChecksItsCaller() {
        assertEquals(401, Http.get(base + "/events", null).status());
        assertEquals(403, Http.get(base + "/events", partner.accessToken("user:read", null)).status());
        Http.Answer badStatus = Http.get(base + "/events?status=lost", partner.accessToken("events:read", null));
        assertEquals(400, badStatus.status());
        assertEquals("bad_request", badStatus.json().get("code").asText());
        assertEquals(400, Http.get(base + "/events?limit=0", partner.accessToken("events:read", null)).status());
        assertEquals(404, Http.postJson(base + "/events/no-such-event/redeliver", partner.accessToken("events:read", null), "").status());
    }

    /** The receiver's accepted events of the connection, once they are exactly {@code types}, in that order. */
    private static List<Received> awaitTypes(EventReceiver on, String connectionId, List<String> types) {
        return awaitTypes(on, connectionId, types, PATIENCE);
    }

    private static List<Received> awaitTypes(EventReceiver on, String connectionId, List<String> types, Duration timeout) {
        Function<List<Received>, List<Received>> ofConnection = received -> received.stream()
                .filter(r -> r.delivered() && r.payload().get("connectionId").equals(connectionId)).toList();
        on.await(received -> ofConnection.apply(received).size() >= types.size(), timeout, types + " of " + connectionId);
        List<Received> events = ofConnection.apply(on.received());
        assertEquals(types, events.stream().map(Received::type).toList());
        return events;
    }

    private static <T> T eventually(java.util.function.Supplier<T> probe) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("timed out");
    }

    private static JsonNode listEvents(Partner caller, String query) {
        Http.Answer answer = Http.get(base + "/events" + query, caller.accessToken("events:read", null));
        assertEquals(200, answer.status(), answer.body());
        return answer.json();
    }

    private static Set<String> jtis(JsonNode page) {
        return StreamSupport.stream(page.get("data").spliterator(), false).map(e -> e.get("jti").asText()).collect(Collectors.toSet());
    }

    private static JsonNode ofConnection(JsonNode page, String connectionId, String type) {
        return StreamSupport.stream(page.get("data").spliterator(), false)
                .filter(e -> e.get("connectionId").asText().equals(connectionId) && e.get("type").asText().equals(type))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " of " + connectionId + " in " + page));
    }

    private static JsonNode find(JsonNode page, String jti) {
        return StreamSupport.stream(page.get("data").spliterator(), false)
                .filter(e -> e.get("jti").asText().equals(jti)).findFirst().orElseThrow(() -> new AssertionError("no " + jti));
    }

    /** A new connection, then its bank tokens refreshed: {@code connection.created}, {@code connection.renewed}. */
    private static String connectAndRefresh(Partner owner, String userId) {
        String connectionId = Connect.ongoing(owner, userId, "alice");
        Partner.Authorization refresh = owner.authorize("openid refresh", Connect.claims(userId, connectionId, null), "signed");
        owner.exchange(refresh, Connect.agreeAndSignIn(refresh, "alice").partnerCallback());
        return connectionId;
    }

}
