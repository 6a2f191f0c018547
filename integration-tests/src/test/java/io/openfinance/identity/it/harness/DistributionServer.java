package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Runs the unpacked stock distribution (built by the {@code server} module) as a child process on free ports. */
public final class DistributionServer implements KeycloakServer {

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(8);

    private final Process process;
    private final String baseUrl;
    private final Path logFile;

    private DistributionServer(Process process, String baseUrl, Path logFile) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.logFile = logFile;
    }

    /** The suite's server: an in-memory database, so every run starts from the imported realms. */
    static DistributionServer start(Path keycloakHome, Path logFile) {
        return start(keycloakHome, logFile, List.of("--db=dev-mem"), freePort());
    }

    /** A server of its own, e.g. on a database file that outlives it, to test what survives a restart. */
    public static DistributionServer start(Path keycloakHome, Path logFile, List<String> databaseOptions, int httpPort) {
        Path launcher = keycloakHome.resolve("bin/kc.sh");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("No Keycloak distribution at " + keycloakHome
                    + ": build the server module first (mvn package)");
        }
        int managementPort = freePort();
        String baseUrl = "http://localhost:" + httpPort;
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString(), "start-dev",
                "--http-port=" + httpPort, "--http-management-port=" + managementPort, "--import-realm"));
        command.addAll(databaseOptions);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(keycloakHome.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        builder.environment().putAll(ServerSettings.environment(baseUrl, baseUrl));
        try {
            Files.createDirectories(logFile.getParent());
            Process process = builder.start();
            DistributionServer server = new DistributionServer(process, baseUrl, logFile);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        URI discovery = URI.create(realmUrl(ServerSettings.IDENTITY_REALM) + "/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; log: " + logFile);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(discovery).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(Duration.ofMillis(500));
        }
        close();
        throw new IllegalStateException("Keycloak was not ready within " + STARTUP_TIMEOUT + "; log: " + logFile);
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
