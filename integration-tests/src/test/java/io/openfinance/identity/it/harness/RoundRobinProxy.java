package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The load balancer an admin puts in front of Keycloak, on loopback: each request goes to the next node in turn
 * (no stickiness), with {@code X-Forwarded-*} headers of its own; a node that refuses the connection is skipped, as
 * load balancers do for a dead upstream.
 */
public final class RoundRobinProxy implements AutoCloseable {

    /** Per connection (RFC 9110 section 7.6.1), or set by the HTTP client itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect");
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

    /** One forwarded request: which node answered it. */
    public record Forwarded(String method, String path, int node) {
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<URI> nodes;
    private final AtomicInteger next = new AtomicInteger();
    private final List<Forwarded> forwarded = Collections.synchronizedList(new ArrayList<>());

    /** @param nodes each node's root URL, e.g. {@code http://127.0.0.1:41234} */
    public RoundRobinProxy(List<URI> nodes) {
        this.nodes = List.copyOf(nodes);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(workers);
        server.createContext("/", this::forward);
        server.start();
    }

    /** The URL clients use; Keycloak's {@code --hostname}. */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** Every request answered by a node so far, in order. */
    public List<Forwarded> forwarded() {
        synchronized (forwarded) {
            return List.copyOf(forwarded);
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            int first = Math.floorMod(next.getAndIncrement(), nodes.size());
            for (int attempt = 0; attempt < nodes.size(); attempt++) {
                int node = (first + attempt) % nodes.size();
                try {
                    HttpResponse<byte[]> answer = client.send(request(exchange, method, nodes.get(node), body),
                            HttpResponse.BodyHandlers.ofByteArray());
                    forwarded.add(new Forwarded(method, exchange.getRequestURI().getPath(), node));
                    respond(exchange, method, answer);
                    return;
                } catch (ConnectException | HttpConnectTimeoutException nodeDown) {
                    // the request never reached that node: the next one takes it
                } catch (IOException lost) {
                    // A kept-alive connection to a node that has died fails only when next used: that request reached
                    // no live node, so the next node takes it. A node still up may have acted on it: then only an
                    // idempotent request is sent again.
                    if (!IDEMPOTENT.contains(method) && acceptsConnections(nodes.get(node))) {
                        break;
                    }
                }
            }
            exchange.sendResponseHeaders(502, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean acceptsConnections(URI node) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(node.getHost(), node.getPort()), 1_000);
            return true;
        } catch (IOException down) {
            return false;
        }
    }

    private HttpRequest request(HttpExchange exchange, String method, URI node, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(exchange.getRequestURI().toString()))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            // a client's own X-Forwarded-* would let it pose as anyone: a proxy replaces them
            if (!NOT_FORWARDED.contains(lower) && !lower.startsWith("x-forwarded-")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        String host = exchange.getRequestHeaders().getFirst("Host");
        return request
                .header("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress())
                .header("X-Forwarded-Proto", "http")
                .header("X-Forwarded-Host", host == null ? "localhost" : host)
                .header("X-Forwarded-Port", String.valueOf(server.getAddress().getPort()))
                .build();
    }

    private static void respond(HttpExchange exchange, String method, HttpResponse<byte[]> answer) throws IOException {
        answer.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] body = answer.body();
        boolean noBody = body.length == 0 || method.equals("HEAD") || answer.statusCode() == 204 || answer.statusCode() == 304;
        exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
