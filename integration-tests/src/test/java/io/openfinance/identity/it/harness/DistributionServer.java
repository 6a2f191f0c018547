package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.openfinance.identity.launcher.FileTrees;
import io.openfinance.identity.launcher.FreePorts;
import io.openfinance.identity.launcher.KeycloakProcess;

/** Runs an unpacked stock distribution ({@code kc.sh}) as a child process, in development or production mode. */
public final class DistributionServer implements KeycloakServer {

    private static final String MANAGEMENT_PORT = "--http-management-port=";
    private static final int REQUEST_THREADS = 50;
    /**
     * The sandbox bank shares the suite server's JVM, and a request thread keeps the first request it was started for
     * as long as it lives (jboss-threads' {@code ThreadBody.run} holds its initial task): the bank's token answer, if a
     * new thread served it, would stay in this memory, where a real bank's is on another machine. With every thread
     * started before the first request, none holds one, and SecretsAndAuditIT's heap search sees only what we keep.
     */
    private static final List<String> WORKERS_STARTED_UP_FRONT = List.of("--http-pool-max-threads=" + REQUEST_THREADS,
            "-Dquarkus.thread-pool.core-threads=" + REQUEST_THREADS, "-Dquarkus.thread-pool.prefill=true");

    private final KeycloakProcess process;
    private final String baseUrl;
    private final String managementUrl;

    private DistributionServer(KeycloakProcess process, String baseUrl, String managementUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.managementUrl = managementUrl;
    }

    /**
     * The development suite's server: a database file made afresh, so every run starts from the imported realms; with
     * the console's Open finance tabs ({@link ServerSettings#CONSOLE_FEATURES}), our transport certificate towards UK
     * banks ({@link TransportCertificates}), which no other test notices, and all its request threads started up front.
     */
    static DistributionServer start(Path keycloakHome, Path logFile) {
        Path database = logFile.resolveSibling("keycloak-server-database");
        FileTrees.delete(database);
        List<String> options = new ArrayList<>(DevFileServer.options(database));
        options.addAll(TransportCertificates.get().serverOptions());
        options.addAll(WORKERS_STARTED_UP_FRONT);
        return start(keycloakHome, logFile, options, FreePorts.next());
    }

    /**
     * A development-mode server of its own, e.g. on a database file that outlives it. With the shared server's
     * features and database kind ({@link DevFileServer#options}): a start with other build options rebuilds the
     * distribution under the shared server, whose console then loses the Open finance tabs, and costs a minute.
     *
     * @param options its database's, and any other it needs (e.g. a truststore)
     */
    public static DistributionServer start(Path keycloakHome, Path logFile, List<String> options, int httpPort) {
        String baseUrl = "http://localhost:" + httpPort;
        List<String> arguments = new ArrayList<>(List.of("start-dev", "--http-port=" + httpPort,
                MANAGEMENT_PORT + FreePorts.next(), "--metrics-enabled=true", "--import-realm",
                "--features=" + ServerSettings.CONSOLE_FEATURES,
                // MetricsIT watches expired bank tokens being erased: sweep every few seconds rather than hourly.
                "--spi-open-finance-connection--jpa--expired-tokens-sweep-seconds=3",
                // Tests read the Data API right after connecting: on a loaded machine, wait for the first sync.
                "--spi-open-finance-connection--jpa--first-sync-wait-millis=30000",
                // EventsIT: events delivered within a second, retried within seconds, expiry notices 20 and 10 s ahead.
                "--spi-open-finance-events--jpa--delivery-seconds=1",
                "--spi-open-finance-events--jpa--retry-initial-seconds=1",
                "--spi-open-finance-events--jpa--retry-max-seconds=2",
                "--spi-open-finance-connection--jpa--expiry-scan-seconds=2",
                "--spi-open-finance-connection--jpa--expiry-notice-seconds=20,10",
                // BankTokensAtRestIT: bank tokens sealed the old way re-sealed within seconds.
                "--spi-open-finance-connection--jpa--reseal-seconds=2",
                // BankRevocationIT: a deleted connection's bank tokens revoked within seconds, retried within seconds.
                "--spi-open-finance-connection--jpa--revocation-seconds=1"));
        arguments.addAll(options);
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
        return wrap(KeycloakProcess.launch(keycloakHome, arguments, environment, readiness, logFile), arguments, baseUrl);
    }

    /** The same, waiting up to {@code timeout}, e.g. for a fresh distribution's first start, which also builds it. */
    static DistributionServer launch(Path keycloakHome, List<String> arguments, Map<String, String> environment,
                                     String baseUrl, URI readiness, Path logFile, Duration timeout) {
        return wrap(KeycloakProcess.launch(keycloakHome, arguments, environment, readiness, logFile, timeout), arguments, baseUrl);
    }

    private static DistributionServer wrap(KeycloakProcess process, List<String> arguments, String baseUrl) {
        String managementUrl = arguments.stream().filter(a -> a.startsWith(MANAGEMENT_PORT)).findFirst()
                .map(a -> "http://localhost:" + a.substring(MANAGEMENT_PORT.length())).orElse(null);
        return new DistributionServer(process, baseUrl, managementUrl);
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
        return process.logFile();
    }

    /** From launch until the server answered its readiness check. */
    public Duration startTime() {
        return process.startTime();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** A graceful shutdown: SIGTERM, as an orchestrator stops a node. */
    @Override
    public void close() {
        process.stop();
    }

    /** {@code kc.sh} and the JVM it started. */
    Stream<ProcessHandle> processes() {
        return process.processes();
    }

    /** The JVM under {@code kc.sh}. */
    public ProcessHandle jvm() {
        return process.processes().filter(p -> p.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no JVM under kc.sh"));
    }

    /** SIGKILL to the JVM under {@code kc.sh}: no shutdown hook runs, no cluster member is told, as when a machine dies. */
    public void kill() {
        process.kill();
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
