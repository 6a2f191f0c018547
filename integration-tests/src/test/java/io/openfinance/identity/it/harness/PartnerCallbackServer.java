package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/** A tiny partner web app on loopback: it shows and remembers each callback it receives. */
public final class PartnerCallbackServer implements AutoCloseable {

    private final HttpServer server;
    private final LinkedBlockingQueue<URI> callbacks = new LinkedBlockingQueue<>();

    public PartnerCallbackServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/callback", exchange -> {
            callbacks.add(URI.create(redirectUri() + "?" + exchange.getRequestURI().getRawQuery()));
            byte[] body = "<!doctype html><title>Partner app</title><h1>Back at the partner app</h1>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    public String redirectUri() {
        return "http://localhost:" + server.getAddress().getPort() + "/callback";
    }

    public URI awaitCallback() {
        try {
            URI callback = callbacks.poll(30, TimeUnit.SECONDS);
            if (callback == null) {
                throw new AssertionError("the partner received no callback");
            }
            return callback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
