package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * A UK bank's token endpoint ({@code /token}, {@code tls_client_auth}: the client named in the form, no assertion)
 * and consent resource ({@code /aisp/account-access-consents}) behind TLS that needs a client certificate: the JDK's
 * HTTPS server, on loopback, presenting a certificate for {@code localhost} and taking only client certificates its
 * TLS context trusts. It remembers each call it answered, with the subject of the certificate it came with.
 */
public final class MutualTlsBank implements AutoCloseable {

    /** One call that got through TLS. */
    public record Call(String path, String clientCertificate, Map<String, String> form) {
    }

    public static final String CONSENT_ID = "mtls-consent-1";
    private static final String ACCESS_TOKEN = "mtls-client-credentials-token";
    private final HttpsServer server;
    private final String clientId;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    public MutualTlsBank(SSLContext tls, String clientId) {
        this.clientId = clientId;
        try {
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        server.createContext("/token", this::token);
        server.createContext("/aisp/account-access-consents", this::consent);
        server.start();
    }

    public String url() {
        return "https://localhost:" + server.getAddress().getPort();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(exchange);
        calls.add(new Call("/token", clientCertificate(exchange), form));
        boolean tlsClientAuth = clientId.equals(form.get("client_id")) && !form.containsKey("client_assertion")
                && "client_credentials".equals(form.get("grant_type"));
        answer(exchange, tlsClientAuth ? 200 : 401, tlsClientAuth
                ? "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":300}"
                : "{\"error\":\"invalid_client\"}");
    }

    private void consent(HttpExchange exchange) throws IOException {
        calls.add(new Call("/aisp/account-access-consents", clientCertificate(exchange), Map.of()));
        exchange.getRequestBody().readAllBytes();
        if (!("Bearer " + ACCESS_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"Code\":\"401\",\"Errors\":[{\"ErrorCode\":\"UK.OBIE.Unauthorized\"}]}");
            return;
        }
        exchange.getResponseHeaders().add("x-fapi-interaction-id", exchange.getRequestHeaders().getFirst("x-fapi-interaction-id"));
        answer(exchange, 201, "{\"Data\":{\"ConsentId\":\"" + CONSENT_ID + "\",\"Status\":\"AwaitingAuthorisation\"}}");
    }

    private static String clientCertificate(HttpExchange exchange) {
        try {
            return ((X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName();
        } catch (SSLPeerUnverifiedException none) {
            return null;
        }
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        return Stream.of(body.split("&")).filter(pair -> !pair.isEmpty()).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> decode(pair[0]), pair -> pair.length == 2 ? decode(pair[1]) : "", (a, b) -> a));
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
