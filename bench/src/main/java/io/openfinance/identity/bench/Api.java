package io.openfinance.identity.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The server's HTTP APIs as the bench's set-up uses them: admin REST, token endpoint, partner API. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String IDENTITY = "identity";

    /** HTTP/1.1 as partners' backends call (Node's http, which openid-client uses), not an h2c upgrade. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String managementUrl;

    Api(String baseUrl, String managementUrl) {
        this.baseUrl = baseUrl;
        this.managementUrl = managementUrl;
    }

    String baseUrl() {
        return baseUrl;
    }

    String realmUrl() {
        return realmUrl(IDENTITY);
    }

    String realmUrl(String realm) {
        return baseUrl + "/realms/" + realm;
    }

    String adminUrl(String path) {
        return adminUrl(IDENTITY, path);
    }

    String adminUrl(String realm, String path) {
        return baseUrl + "/admin/realms/" + realm + path;
    }

    /**
     * Our server's timers for {@code bankId} so far, in nanoseconds, from the management port: its waits on the bank's
     * server ({@code of_bank_http_seconds}: every HTTP exchange, token endpoint and API), its reads of the bank's data
     * ({@code of_bank_call_seconds{call="data"}}) and the connect flows' waits for first syncs ({@code of_first_sync_wait_seconds}).
     */
    BankTimers bankTimers(String bankId) {
        List<String> metrics = send(HttpRequest.newBuilder(URI.create(managementUrl + "/metrics")).build()).body().lines().toList();
        String bank = "bank=\"" + bankId + "\"";
        return new BankTimers(sum(metrics, "of_bank_http_seconds_sum{", bank),
                sum(metrics, "of_bank_call_seconds_sum{", bank, "call=\"data\""),
                sum(metrics, "of_first_sync_wait_seconds_sum{", bank));
    }

    record BankTimers(long httpNanos, long dataReadNanos, long firstSyncWaitNanos) {
    }

    private static long sum(List<String> metrics, String prefix, String... labels) {
        double seconds = metrics.stream().filter(line -> line.startsWith(prefix))
                .filter(line -> Arrays.stream(labels).allMatch(line.substring(prefix.length(), line.indexOf('}'))::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
        return Math.round(seconds * 1e9);
    }

    /** A token of the bootstrap admin, from the master realm. */
    String adminToken() {
        JsonNode answer = expect(200, send(post(realmUrl("master") + "/protocol/openid-connect/token", null,
                form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", Server.ADMIN_USER, "password", Server.ADMIN_PASSWORD)), FORM)));
        return answer.get("access_token").asText();
    }

    /** {@code client_credentials} with the client's secret; {@code sub} may be null. */
    String clientCredentials(String clientId, String secret, String scope, String sub) {
        StringBuilder body = new StringBuilder(form(Map.of("grant_type", "client_credentials", "scope", scope)));
        if (sub != null) {
            body.append("&sub=").append(encode(sub));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl() + "/protocol/openid-connect/token"))
                .header("Authorization", basic(clientId, secret)).header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return expect(200, send(request)).get("access_token").asText();
    }

    JsonNode getJson(String url, String bearer) {
        return expect(200, send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer).build()));
    }

    HttpResponse<String> postJson(String url, String bearer, String json) {
        return send(post(url, bearer, json, "application/json"));
    }

    HttpResponse<String> putJson(String url, String bearer, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + " (expected " + status + "): " + response.body());
        }
        try {
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON from " + response.request().uri() + ": " + response.body(), e);
        }
    }

    static final String FORM = "application/x-www-form-urlencoded";

    static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((encode(clientId) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static HttpRequest post(String url, String bearer, String body, String contentType) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder.build();
    }
}
