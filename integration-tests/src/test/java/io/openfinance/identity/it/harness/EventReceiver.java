package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A partner's event endpoint in the test JVM: records every POST it gets, and answers what the test tells it to
 * (202 by default, an error status to play a partner that is down or refuses, after a delay to play a slow one).
 */
public final class EventReceiver implements AutoCloseable {

    /** One POST as received (when it arrived), with what the receiver answered. */
    public record Received(String contentType, String body, int answered, Instant at) {

        public SignedJWT jwt() {
            try {
                return SignedJWT.parse(body);
            } catch (java.text.ParseException e) {
                throw new AssertionError("not a JWS: " + body, e);
            }
        }

        public JWTClaimsSet claims() {
            try {
                return jwt().getJWTClaimsSet();
            } catch (java.text.ParseException e) {
                throw new AssertionError(e);
            }
        }

        /** The one event of the token: its type URI and its fields. */
        public Map.Entry<String, Object> event() {
            try {
                Map<String, Object> events = claims().getJSONObjectClaim("events");
                if (events.size() != 1) {
                    throw new AssertionError("expected one event per token: " + events);
                }
                return events.entrySet().iterator().next();
            } catch (java.text.ParseException e) {
                throw new AssertionError(e);
            }
        }

        public String type() {
            return event().getKey().substring("urn:openfinance:event:".length());
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> payload() {
            return (Map<String, Object>) event().getValue();
        }

        public boolean delivered() {
            return answered / 100 == 2;
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger arrived = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int answer = 202;
    private volatile Duration delay = Duration.ZERO;

    public EventReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/events", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** Where partners' client attribute {@code of.events.url} points. */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/events";
    }

    public void answer(int status) {
        this.answer = status;
    }

    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** POSTs that arrived, including any still waiting out the delay before their answer. */
    public int arrived() {
        return arrived.get();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> delivered() {
        return received.stream().filter(Received::delivered).toList();
    }

    /** Waits until the received POSTs satisfy {@code condition}. */
    public List<Received> await(Predicate<List<Received>> condition, Duration timeout, String what) {
        if (!Waiting.until(() -> condition.test(received()), timeout)) {
            throw new AssertionError("timed out waiting for " + what + "; received: "
                    + received().stream().map(r -> r.answered() + " " + r.type() + " " + r.payload()).toList());
        }
        return received();
    }

    /** Verifies the token's signature against the realm's published keys; fails the test when it does not verify. */
    public static void assertSignedByRealm(SignedJWT jwt, String realmUrl) {
        try {
            JWKSet keys = JWKSet.load(new URL(realmUrl + "/protocol/openid-connect/certs"));
            JWK key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
            if (key == null) {
                throw new AssertionError("no key " + jwt.getHeader().getKeyID() + " in the realm's JWKS");
            }
            JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
            if (!jwt.verify(verifier)) {
                throw new AssertionError("signature does not verify");
            }
        } catch (IOException | java.text.ParseException | JOSEException e) {
            throw new AssertionError(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String token = new String(body.readAllBytes(), StandardCharsets.US_ASCII);
            Instant at = Instant.now();
            arrived.incrementAndGet();
            Waiting.sleep(delay);
            int status = "POST".equals(exchange.getRequestMethod()) ? answer : 405;
            received.add(new Received(exchange.getRequestHeaders().getFirst("Content-Type"), token, status, at));
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
