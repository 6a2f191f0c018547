package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * A partner's events endpoint is no way into the server's network: a production server sends no event to this
 * machine, a private, link-local or otherwise internal address, whether named by address or by a host name that
 * resolves there, nor over plain HTTP; the partner sees only {@code refused}. Where a row is on this machine, a
 * listener proves no connection was made; 10.0.0.1 and 169.254.169.254 are refused before any connection (the test
 * never sends anything off this machine). Production mode only: development mode sends anywhere, as the
 * development suite's events tests need.
 */
@ExtendWith(KeycloakExtension.class)
class EventDestinationsIT {

    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

    private static final Listener LOOPBACK = new Listener("127.0.0.1");
    private static final Listener LOOPBACK_V6 = new Listener("::1");
    private static final Listener LOOPBACK_OTHER = new Listener("127.0.1.1");

    private static KeycloakServer server;
    private static Partner partner;
    private static String eventId;

    @BeforeAll
    static void aConnectionWhoseEventGoesNowhereAllowed(KeycloakServer keycloak) {
        server = keycloak;
        partner = Partner.register(server, "Ssrf Partner", Map.of("of.events.url", "https://10.0.0.1/events"));
        Connect.ongoing(partner, partner.newProfile(), "alice");
        eventId = awaitAttempt(0).get("jti").asText();
    }

    @AfterAll
    static void closeListeners() {
        Stream.of(LOOPBACK, LOOPBACK_V6, LOOPBACK_OTHER).forEach(Listener::close);
    }

    @TestFactory
    Stream<DynamicTest> everyInternalDestinationIsRefusedWithoutAConnection() throws IOException {
        String hostname = InetAddress.getLocalHost().getHostName();
        InetAddress resolved = InetAddress.getByName(hostname);
        assertTrue(resolved.isLoopbackAddress() || resolved.isSiteLocalAddress(), hostname + " resolves to " + resolved);
        URI management = URI.create(server.managementUrl());
        record Row(String name, Supplier<String> url, Listener listener) {
        }
        List<Row> rows = List.of(
                new Row("a private address", () -> "https://10.0.0.1/events", null),
                new Row("the cloud metadata address", () -> "https://169.254.169.254/latest/meta-data/", null),
                new Row("loopback", () -> "https://127.0.0.1:" + LOOPBACK.port() + "/events", LOOPBACK),
                new Row("IPv6 loopback", () -> "https://[::1]:" + LOOPBACK_V6.port() + "/events", LOOPBACK_V6),
                new Row("IPv4-mapped loopback", () -> "https://[::ffff:127.0.0.1]:" + LOOPBACK.port() + "/events", LOOPBACK),
                new Row("localhost", () -> "https://localhost:" + LOOPBACK.port() + "/events", LOOPBACK),
                new Row("another loopback address", () -> "https://127.0.1.1:" + LOOPBACK_OTHER.port() + "/events", LOOPBACK_OTHER),
                new Row("this machine's name (" + hostname + ")", () -> "https://" + hostname + ":" + LOOPBACK.port() + "/events", LOOPBACK),
                new Row("the management port", () -> "https://" + management.getHost() + ":" + management.getPort() + "/metrics", null),
                new Row("plain http", () -> "http://localhost:" + LOOPBACK.port() + "/events", LOOPBACK));
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : rows) {
            tests.add(dynamicTest(row.name(), () -> {
                int before = row.listener() == null ? 0 : row.listener().accepted();
                JsonNode event = redeliverTo(row.url().get());
                assertEquals("failed", event.get("status").asText(), event.toString());
                assertEquals("refused", event.get("lastResult").asText(), event.toString());
                if (row.listener() != null) {
                    assertEquals(before, row.listener().accepted(), "connections made to " + row.url().get());
                }
            }));
        }
        return tests.stream();
    }

    /** Points the partner's subscription at {@code url} as an admin does, asks for the event again, waits for the attempt. */
    private static JsonNode redeliverTo(String url) {
        Admin admin = new Admin(server);
        String clients = "/realms/" + ServerSettings.IDENTITY_REALM + "/clients";
        ObjectNode client = (ObjectNode) admin.get(clients + "?clientId=" + Http.enc(partner.clientId())).get(0);
        ((ObjectNode) client.get("attributes")).put("of.events.url", url);
        assertEquals(204, admin.put(clients + "/" + client.get("id").asText(), client.toString()).status());
        int attempts = event().get("attempts").asInt();
        Http.Answer redelivered = Http.postJson(partner.realmUrl() + "/events/" + eventId + "/redeliver",
                partner.accessToken("events:read", null), "");
        assertTrue(redelivered.status() / 100 == 2, redelivered.status() + " " + redelivered.body());
        return awaitAttempt(attempts);
    }

    /** The partner's event once it has more than {@code attempts} attempts and is no longer pending. */
    private static JsonNode awaitAttempt(int attempts) {
        Instant deadline = Instant.now().plus(ATTEMPT_TIMEOUT);
        while (true) {
            JsonNode event = event();
            if (event != null && event.get("attempts").asInt() > attempts && !"pending".equals(event.get("status").asText())) {
                return event;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no attempt within " + ATTEMPT_TIMEOUT + ": " + event);
            }
            pause();
        }
    }

    /** The connection's {@code connection.created} event. */
    private static JsonNode event() {
        JsonNode events = Http.get(partner.realmUrl() + "/events", partner.accessToken("events:read", null)).json().get("data");
        for (JsonNode event : events) {
            if ("connection.created".equals(event.get("type").asText())) {
                return event;
            }
        }
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Counts the TCP connections made to one address of this machine. */
    private static final class Listener implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger accepted = new AtomicInteger();

        Listener(String address) {
            try {
                socket = new ServerSocket();
                socket.bind(new InetSocketAddress(address, 0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket ignored = socket.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException closed) {
                        // the test is over
                    }
                }
            }, "listener-" + address);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
