package io.openfinance.identity.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.openfinance.identity.launcher.FreePorts;
import io.openfinance.identity.launcher.KeyEncryptionKeyFile;
import io.openfinance.identity.launcher.KeycloakProcess;
import io.openfinance.identity.launcher.ProductionBuild;

/**
 * The unpacked stock distribution ({@code server/target/keycloak-*}) run as a child process: {@code start-dev} on an H2
 * file, or, for PostgreSQL, {@code kc.sh build} once in a copy and then {@code start --optimized}, as an admin runs it.
 * {@code -Dbench.jfr=true} records a JFR file next to the log (JFR's {@code profile} settings: a sample each 10 ms);
 * {@code -Dbench.accessLog=true} has Keycloak log each request with its server time in milliseconds, in that log.
 */
final class Server implements AutoCloseable {

    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "bench-" + Long.toHexString(System.nanoTime());
    /**
     * Keycloak's parameterized client scopes carry the banks (docs/admins.md, "Add a bank"); the console's Open finance
     * tabs need declarative-ui. The integration tests' build options too: the smoke run after them starts without a rebuild.
     */
    private static final String FEATURES = "--features=parameterized-scopes,declarative-ui";
    /** {@code -Dbench.accessLog=true}: Keycloak logs each request with its server time. */
    private static final boolean ACCESS_LOG = Boolean.getBoolean("bench.accessLog");
    /** {@code -Dbench.jfr=true}: the server records JFR. */
    private static final boolean JFR = Boolean.getBoolean("bench.jfr");
    /** Our metrics, where the connect flows read the time our server waited on the banks' servers (as operators run it). */
    private static final String METRICS = "--metrics-enabled=true";
    private static final List<String> PRODUCTION_BUILD = List.of("--db=postgres", "--cache=local", "--health-enabled=true", METRICS,
            FEATURES);

    final Database database;
    final String jdbcUrl;
    final Api api;
    private final KeycloakProcess process;

    private Server(Database database, String jdbcUrl, Api api, KeycloakProcess process) {
        this.database = database;
        this.jdbcUrl = jdbcUrl;
        this.api = api;
        this.process = process;
    }

    /**
     * What the run's settings line says of the server's own recording: a run that logs each request or records JFR pays
     * for it on every request, so its table locates time and is no verdict.
     */
    static String recording() {
        List<String> costs = new ArrayList<>();
        if (ACCESS_LOG) {
            costs.add("logs each request (bench.accessLog)");
        }
        if (JFR) {
            costs.add("records JFR (bench.jfr)");
        }
        return costs.isEmpty() ? "" : " The server " + String.join(" and ", costs) + ", which costs time of its own: this run "
                + "shows where time goes, not the targets' verdicts.";
    }

    static Server start(Database database, Path work) {
        Path distribution = Path.of(Database.setting("keycloak.home"));
        Path home = database == Database.H2 ? distribution : ProductionBuild.build(distribution,
                work.resolve("keycloak-production"), PRODUCTION_BUILD, work.resolve("keycloak-production-build.log"));
        String jdbcUrl = database.prepareJdbcUrl(work);
        int port = FreePorts.next();
        String baseUrl = "http://localhost:" + port;
        List<String> arguments = new ArrayList<>(database == Database.H2
                ? List.of("start-dev", "--db=dev-file", METRICS, FEATURES)
                // The benchmark's partner and bank are the demo's, which a production server refuses unless allowed.
                : List.of("start", "--optimized", "--http-enabled=true", "--hostname=" + baseUrl,
                        "--spi-open-finance-demo-data--default--allowed=true"));
        int managementPort = FreePorts.next();
        arguments.addAll(List.of("--http-port=" + port, "--http-management-port=" + managementPort, "--import-realm"));
        arguments.addAll(database.keycloakOptions(jdbcUrl));
        if (ACCESS_LOG) {
            arguments.addAll(List.of("--http-access-log-enabled=true", "--http-access-log-pattern=%r %s %D",
                    "-Dquarkus.http.record-request-start-time=true"));
        }
        if (database != Database.H2) {
            arguments.addAll(KeyEncryptionKeyFile.options(KeyEncryptionKeyFile.create(work.resolve("kek")), List.of()));
        }
        String name = "keycloak-" + database.name().toLowerCase();
        Map<String, String> environment = new HashMap<>(Map.of(
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "SANDBOX_BANK_BROWSER_URL", baseUrl + "/realms/sandbox-bank",
                "SANDBOX_BANK_SERVER_URL", baseUrl + "/realms/sandbox-bank",
                "IDENTITY_SERVER_URL", baseUrl + "/realms/identity"));
        if (JFR) {
            environment.put("JAVA_OPTS_APPEND", "-XX:StartFlightRecording=settings=profile,filename=" + work.resolve(name + ".jfr"));
        }
        Path log = work.resolve(name + ".log");
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Api api = new Api(baseUrl, "http://localhost:" + managementPort);
        KeycloakProcess process = KeycloakProcess.launch(home, arguments, environment,
                URI.create(api.realmUrl() + "/.well-known/openid-configuration"), log);
        return new Server(database, jdbcUrl, api, process);
    }

    @Override
    public void close() {
        process.stop();
    }
}
