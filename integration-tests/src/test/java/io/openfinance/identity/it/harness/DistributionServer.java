package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an unpacked stock distribution ({@code kc.sh}) as a child process, in development or production mode. */
public final class DistributionServer implements KeycloakServer {

    /** A production node on an empty database took over 3 minutes on a busy 2-core machine. */
    private static final String MANAGEMENT_PORT = "--http-management-port=";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(8);

    private final Process process;
    private final String baseUrl;
    private final String managementUrl;
    private final Path logFile;
    private final Duration startTime;

    private DistributionServer(Process process, String baseUrl, String managementUrl, Path logFile, Duration startTime) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.managementUrl = managementUrl;
        this.logFile = logFile;
        this.startTime = startTime;
    }

    /** The development suite's server: an in-memory database, so every run starts from the imported realms. */
    static DistributionServer start(Path keycloakHome, Path logFile) {
        return start(keycloakHome, logFile, List.of("--db=dev-mem"), FreePorts.next());
    }

    /** A development-mode server of its own, e.g. on a database file that outlives it. */
    public static DistributionServer start(Path keycloakHome, Path logFile, List<String> databaseOptions, int httpPort) {
        String baseUrl = "http://localhost:" + httpPort;
        List<String> arguments = new ArrayList<>(List.of("start-dev", "--http-port=" + httpPort,
                "--http-management-port=" + FreePorts.next(), "--metrics-enabled=true", "--import-realm",
                "--features=" + ServerSettings.FEATURE,
                // MetricsIT watches expired bank tokens being erased: sweep every few seconds rather than hourly.
                "--spi-open-finance-connection--jpa--expired-tokens-sweep-seconds=3"));
        arguments.addAll(databaseOptions);
        deleteIfExists(logFile);
        return launch(keycloakHome, arguments, ServerSettings.environment(baseUrl, baseUrl), baseUrl,
                URI.create(baseUrl + "/realms/" + ServerSettings.IDENTITY_REALM + "/.well-known/openid-configuration"), logFile);
    }

    /**
     * Starts {@code kc.sh arguments} and waits until {@code readiness} answers 200.
     *
     * @param baseUrl where the tests reach this process directly
     * @param logFile appended to, so that a restarted node keeps the log of its earlier life
     */
    static DistributionServer launch(Path keycloakHome, List<String> arguments, Map<String, String> environment,
                                     String baseUrl, URI readiness, Path logFile) {
        Path launcher = keycloakHome.resolve("bin/kc.sh");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("No Keycloak distribution at " + keycloakHome
                    + ": build the server module first (mvn package)");
        }
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(keycloakHome.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            Instant launched = Instant.now();
            Process process = builder.start();
            awaitReady(process, readiness, logFile);
            String managementUrl = arguments.stream().filter(a -> a.startsWith(MANAGEMENT_PORT)).findFirst()
                    .map(a -> "http://localhost:" + a.substring(MANAGEMENT_PORT.length())).orElse(null);
            return new DistributionServer(process, baseUrl, managementUrl, logFile, Duration.between(launched, Instant.now()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitReady(Process process, URI readiness, Path logFile) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; log: " + logFile);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(readiness).build(),
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
            sleep(Duration.ofSeconds(1));
        }
        stop(process);
        throw new IllegalStateException("Keycloak was not ready within " + STARTUP_TIMEOUT + "; log: " + logFile);
    }

    @Override
    public String managementUrl() {
        return managementUrl;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    /** From launch until the server answered its readiness check. */
    public Duration startTime() {
        return startTime;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** A graceful shutdown: SIGTERM, as an orchestrator stops a node. */
    @Override
    public void close() {
        stop(process);
    }

    /** SIGKILL to the JVM under {@code kc.sh}: no shutdown hook runs, no cluster member is told, as when a machine dies. */
    public void kill() {
        List<ProcessHandle> jvms = process.descendants().toList();
        jvms.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(process, Duration.ofSeconds(30));
        // Until the JVM itself is gone its port may still take a connection, and a load balancer would not move on.
        jvms.forEach(jvm -> jvm.onExit().completeOnTimeout(jvm, 30, TimeUnit.SECONDS).join());
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!awaitExit(process, Duration.ofSeconds(30))) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
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
