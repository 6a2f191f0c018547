package io.openfinance.identity.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The peer the token rows are compared with: node-oidc-provider (npm {@code oidc-provider} 9) in one Node process,
 * {@code bench/src/main/node/peer.mjs}: one client on its secret, {@code client_credentials}, JWT access tokens signed
 * RS256 or HS512 as the resource indicator asks. Installed from npm into the bench's work folder on first use; the
 * process ends with the bench (closed here, and by itself when its standard input closes).
 */
final class Peer implements AutoCloseable {

    static final String CLIENT = "bench-peer";
    private static final String SECRET = "bench-peer-secret";
    private static final String PACKAGE = "oidc-provider@9";
    /** Two scopes, as many as the partner rows ask for. */
    private static final String SCOPE = "api:read api:write";
    private static final String LISTENING = "PEER-LISTENING ";
    private static final Duration START_WITHIN = Duration.ofMinutes(1);

    enum Signature {
        RS256("urn:bench:rs256"), HS512("urn:bench:hs512");

        final String resource;

        Signature(String resource) {
            this.resource = resource;
        }
    }

    private final Process process;
    private final String tokenUrl;

    private Peer(Process process, int port) {
        this.process = process;
        this.tokenUrl = "http://127.0.0.1:" + port + "/token";
    }

    static Peer start(Path work) {
        Path home = work.resolve("peer");
        Path script = home.resolve("peer.mjs");
        try {
            Files.createDirectories(home);
            Files.copy(Path.of(Database.setting("bench.node"), "peer.mjs"), script, StandardCopyOption.REPLACE_EXISTING);
            if (!Files.isDirectory(home.resolve("node_modules/oidc-provider"))) {
                run(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", home.toString(), PACKAGE), home.resolve("npm-install.log"));
            }
            Process node = new ProcessBuilder("node", script.toString(), CLIENT, SECRET).directory(home.toFile())
                    .redirectError(home.resolve("peer.log").toFile()).start();
            CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> listeningPort(node));
            try {
                return new Peer(node, port.get(START_WITHIN.toSeconds(), TimeUnit.SECONDS));
            } catch (TimeoutException | ExecutionException e) {
                node.destroyForcibly();
                throw new IllegalStateException("node-oidc-provider did not listen within " + START_WITHIN.toSeconds()
                        + " s: see " + home.resolve("peer.log"), e);
            } catch (InterruptedException e) {
                node.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("node and npm are needed for the peer", e);
        }
    }

    /** The port of the peer's {@value #LISTENING} line. */
    private static Integer listeningPort(Process node) {
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(LISTENING)) {
                    return Integer.parseInt(line.substring(LISTENING.length()).trim());
                }
            }
            throw new IllegalStateException("ended before it listened");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code client_credentials} request for an access token signed with {@code signature}. */
    Wrk.Request tokenRequest(Signature signature) {
        return Wrk.Request.form(tokenUrl, Map.of("Authorization", Api.basic(CLIENT, SECRET)),
                Api.form(Map.of("grant_type", "client_credentials", "scope", SCOPE, "resource", signature.resource)));
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (IOException | InterruptedException e) {
            process.destroy();
        }
    }
}
