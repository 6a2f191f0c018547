package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A bank's token revocation endpoint as the service reaches it, in the test JVM: records each request, answers 503
 * while told to fail, after a delay while told to be slow, and otherwise passes it on to the sandbox bank's own
 * RFC 7009 endpoint. {@link #addBank} adds the bank that revokes through it.
 */
public final class RevocationFront implements AutoCloseable {

    /** One request as the bank got it, and what it answered. */
    public record Revocation(Map<String, String> form, String authorization, int answered, Instant at) {
    }

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private final HttpServer server;
    private final URI target;
    private final List<Revocation> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger arrived = new AtomicInteger();
    private final Queue<Integer> failures = new ConcurrentLinkedQueue<>();
    private volatile Duration delay = Duration.ZERO;

    public RevocationFront(KeycloakServer keycloak) {
        this.target = URI.create(keycloak.realmUrl(ServerSettings.SANDBOX_REALM) + "/protocol/openid-connect/revoke");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/revoke", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** A bank that is the sandbox bank (its sign-in, tokens and data API) but revokes through this front. */
    public void addBank(KeycloakServer keycloak, String bankId) {
        String sandbox = keycloak.realmUrl(ServerSettings.SANDBOX_REALM);
        BankSetup.addBank(keycloak, bankId, "Revoking Bank", Map.of(
                "authorizationUrl", sandbox + "/protocol/openid-connect/auth",
                "tokenUrl", sandbox + "/protocol/openid-connect/token",
                "dataApiUrl", sandbox + "/bank-api",
                "revocationUrl", "http://localhost:" + server.getAddress().getPort() + "/revoke"));
    }

    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** The next requests get these answers, one each, as from a bank that is down (503) or busy (429). */
    public void failNext(int... statuses) {
        Arrays.stream(statuses).forEach(failures::add);
    }

    /** Requests that arrived, including any still waiting out the delay. */
    public int arrived() {
        return arrived.get();
    }

    public List<Revocation> await(Predicate<List<Revocation>> condition, String what) {
        if (!Waiting.until(() -> condition.test(List.copyOf(received)), Duration.ofSeconds(60))) {
            throw new AssertionError("timed out waiting for " + what + "; the bank got " + received);
        }
        return List.copyOf(received);
    }

    public static long answered(List<Revocation> revocations, int status) {
        return revocations.stream().filter(r -> r.answered() == status).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Instant at = Instant.now();
            arrived.incrementAndGet();
            Waiting.sleep(delay);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Integer failure = failures.poll();
            int status = failure != null ? failure : passOn(body, authorization);
            received.add(new Revocation(form(body), authorization, status, at));
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private int passOn(String body, String authorization) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(target).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 503;
        }
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                        pair -> pair.length < 2 ? "" : URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
