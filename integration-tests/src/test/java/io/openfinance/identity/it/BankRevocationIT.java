package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.BankSetup;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ServerSettings;
import io.openfinance.identity.it.harness.Waiting;

/**
 * A partner's deletion of a connection or a profile never calls the bank: it queues the revocation of the bank's
 * tokens, which one node tells the bank afterwards, again and again while the bank is down. The bank here is the
 * sandbox bank reached through a front that can be slow or down; behind it, the sandbox bank's own RFC 7009 revocation
 * endpoint, whose introspection then finds the tokens inactive.
 */
@ExtendWith(KeycloakExtension.class)
class BankRevocationIT {

    private static KeycloakServer server;
    private static Partner partner;
    private static String sandbox;
    private RevocationFront bank;
    private String bankId;

    @BeforeAll
    static void start(KeycloakServer started) {
        server = started;
        partner = Partner.register(server, "Revoking Partner", Map.of());
        sandbox = server.realmUrl(ServerSettings.SANDBOX_REALM);
    }

    @BeforeEach
    void aBankWithARevocationEndpoint() {
        bank = new RevocationFront(sandbox + "/protocol/openid-connect/revoke");
        bankId = "revoking-" + UUID.randomUUID().toString().substring(0, 8);
        BankSetup.addBank(server, bankId, "Revoking Bank", Map.of(
                "authorizationUrl", sandbox + "/protocol/openid-connect/auth",
                "tokenUrl", sandbox + "/protocol/openid-connect/token",
                "dataApiUrl", sandbox + "/bank-api",
                "revocationUrl", bank.url()));
    }

    @AfterEach
    void closeTheBank() {
        bank.close();
    }

    @Test
    void deletingAConnectionDoesNotWaitForASlowBankWhichThenGetsBothTokens() {
        bank.delay(Duration.ofSeconds(3));
        String profile = partner.newProfile();
        String connection = connect(profile);

        Instant asked = Instant.now();
        Http.Answer deleted = Http.delete(partner.realmUrl() + "/users/" + profile + "/connections/" + connection,
                partner.accessToken("connection:delete", null));
        int reachedTheBank = bank.arrived();

        assertEquals(204, deleted.status(), deleted.body());
        assertEquals(0, reachedTheBank, "the partner's request reached the bank");
        assertTrue(Duration.between(asked, Instant.now()).compareTo(Duration.ofSeconds(3)) < 0, "the deletion waited for the bank");
        List<Revocation> revoked = bank.await(all -> answered(all, 200) == 2, "both tokens revoked");
        assertBothTokensOfTheSandboxBankRevoked(revoked);
    }

    @Test
    void aBankThatIsDownWhenAProfileIsDeletedIsAskedAgainUntilItTakesTheRevocation() {
        String profile = partner.newProfile();
        connect(profile);
        bank.failNext(2);

        Http.Answer deleted = Http.delete(partner.realmUrl() + "/users/" + profile, partner.accessToken("user:delete", null));

        assertEquals(204, deleted.status(), deleted.body());
        List<Revocation> revoked = bank.await(all -> answered(all, 200) == 2, "the revocation after the bank came back");
        assertEquals(List.of(503, 503, 200, 200), revoked.stream().map(Revocation::answered).toList());
        assertTrue(revoked.get(2).at().isAfter(revoked.get(1).at().plusSeconds(1)), "retried later, not at once: " + revoked);
        assertBothTokensOfTheSandboxBankRevoked(revoked.subList(2, 4));
    }

    private String connect(String profile) {
        Partner.Authorization authorization = partner.authorize("openid id:" + bankId, Connect.ongoingClaims(profile), "signed");
        Partner.Tokens tokens = partner.exchange(authorization, Connect.agreeAndSignIn(authorization, "alice").partnerCallback());
        return (String) tokens.idToken().getClaim("mh:con_id");
    }

    /** Our client's credentials, the refresh token first, and each token one the sandbox bank now finds inactive. */
    private static void assertBothTokensOfTheSandboxBankRevoked(List<Revocation> revoked) {
        assertEquals(List.of("refresh_token", "access_token"), revoked.stream().map(r -> r.form().get("token_type_hint")).toList());
        String credentials = "Basic " + Base64.getEncoder().encodeToString("identity-service:sandbox-bank-secret".getBytes(StandardCharsets.UTF_8));
        for (Revocation revocation : revoked) {
            assertEquals(credentials, revocation.authorization());
            String token = revocation.form().get("token");
            assertEquals(sandbox, Partner.claimsOf(token).get("iss"), "a token the sandbox bank issued");
            Http.Answer introspected = Http.postForm(sandbox + "/protocol/openid-connect/token/introspect",
                    Map.of("token", token, "client_id", "identity-service", "client_secret", "sandbox-bank-secret"));
            assertEquals(200, introspected.status(), introspected.body());
            assertEquals(false, introspected.json().get("active").asBoolean(), revocation.form().get("token_type_hint") + " still active");
        }
    }

    private static long answered(List<Revocation> revocations, int status) {
        return revocations.stream().filter(r -> r.answered() == status).count();
    }

    record Revocation(Map<String, String> form, String authorization, int answered, Instant at) {
    }

    /**
     * The bank's revocation endpoint as the service reaches it: records each request, answers 503 while told to fail,
     * after a delay while told to be slow, and otherwise passes it on to the sandbox bank's own endpoint.
     */
    private static final class RevocationFront implements AutoCloseable {

        private static final HttpClient CLIENT = HttpClient.newHttpClient();
        private final HttpServer server;
        private final URI target;
        private final List<Revocation> received = new CopyOnWriteArrayList<>();
        private final AtomicInteger arrived = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private volatile Duration delay = Duration.ZERO;

        RevocationFront(String target) {
            this.target = URI.create(target);
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/revoke", this::handle);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
        }

        String url() {
            return "http://localhost:" + server.getAddress().getPort() + "/revoke";
        }

        void delay(Duration delay) {
            this.delay = delay;
        }

        void failNext(int times) {
            failures.set(times);
        }

        int arrived() {
            return arrived.get();
        }

        List<Revocation> await(Predicate<List<Revocation>> condition, String what) {
            if (!Waiting.until(() -> condition.test(List.copyOf(received)), Duration.ofSeconds(60))) {
                throw new AssertionError("timed out waiting for " + what + "; the bank got " + received);
            }
            return List.copyOf(received);
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Instant at = Instant.now();
                arrived.incrementAndGet();
                Waiting.sleep(delay);
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                int status = failures.getAndUpdate(left -> Math.max(0, left - 1)) > 0 ? 503 : passOn(body, authorization);
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
}
