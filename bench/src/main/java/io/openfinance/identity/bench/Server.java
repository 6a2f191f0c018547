package io.openfinance.identity.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The unpacked stock distribution ({@code server/target/keycloak-*}) run as a child process: {@code start-dev} on an H2
 * file, or, for PostgreSQL, {@code kc.sh build} once in a copy and then {@code start --optimized}, as an admin runs it.
 * {@code -Dbench.jfr=true} records a JFR file next to the log.
 */
final class Server implements AutoCloseable {

    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "bench-" + Long.toHexString(System.nanoTime());
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(8);
    /** Keycloak's parameterized client scopes carry the banks (README "Add a bank"). */
    private static final String FEATURES = "--features=parameterized-scopes";
    private static final List<String> PRODUCTION_BUILD = List.of("build", "--db=postgres", "--cache=local", "--health-enabled=true", FEATURES);

    final Database database;
    final String jdbcUrl;
    final Api api;
    private final Process process;

    private Server(Database database, String jdbcUrl, Api api, Process process) {
        this.database = database;
        this.jdbcUrl = jdbcUrl;
        this.api = api;
        this.process = process;
    }

    static Server start(Database database, Path work) {
        Path home = database == Database.H2 ? distribution() : productionBuild(work);
        String jdbcUrl = database.prepareJdbcUrl(work);
        int port = freePort();
        String baseUrl = "http://localhost:" + port;
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString()));
        command.addAll(database == Database.H2
                ? List.of("start-dev", "--db=dev-file", FEATURES)
                : List.of("start", "--optimized", "--http-enabled=true", "--hostname=" + baseUrl));
        command.addAll(List.of("--http-port=" + port, "--http-management-port=" + freePort(), "--import-realm"));
        command.addAll(database.keycloakOptions(jdbcUrl));
        Path log = work.resolve("keycloak-" + database.name().toLowerCase() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().put("SANDBOX_BANK_BROWSER_URL", baseUrl + "/realms/sandbox-bank");
        builder.environment().put("SANDBOX_BANK_SERVER_URL", baseUrl + "/realms/sandbox-bank");
        if (Boolean.getBoolean("bench.jfr")) {
            builder.environment().put("JAVA_OPTS_APPEND", "-XX:StartFlightRecording=filename="
                    + work.resolve("keycloak-" + database.name().toLowerCase() + ".jfr"));
        }
        try {
            java.nio.file.Files.createDirectories(work);
            Process process = builder.start();
            Api api = new Api(baseUrl);
            awaitReady(process, URI.create(api.realmUrl() + "/.well-known/openid-configuration"), log);
            return new Server(database, jdbcUrl, api, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path distribution() {
        Path home = Path.of(Database.setting("keycloak.home"));
        if (!java.nio.file.Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + home + ": build the server module first (mvn install)");
        }
        return home;
    }

    /** {@code kc.sh build} rewrites the distribution, so it runs in a copy: development mode keeps the original. */
    private static Path productionBuild(Path work) {
        Path copy = work.resolve("keycloak-production");
        Files.copyTree(distribution(), copy, relative -> relative.startsWith("data") && relative.getNameCount() > 1
                && !relative.startsWith(Path.of("data", "import")));
        List<String> command = new ArrayList<>(List.of(copy.resolve("bin/kc.sh").toString()));
        command.addAll(PRODUCTION_BUILD);
        Path log = work.resolve("keycloak-production-build.log");
        try {
            Process build = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!build.waitFor(10, TimeUnit.MINUTES) || build.exitValue() != 0) {
                build.destroyForcibly();
                throw new IllegalStateException("kc.sh build failed; log: " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return copy;
    }

    private static void awaitReady(Process process, URI readiness, Path log) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; log: " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
                Thread.sleep(1000);
            } catch (IOException notYetListening) {
                sleepASecond();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Keycloak was not ready within " + STARTUP_TIMEOUT + "; log: " + log);
    }

    private static void sleepASecond() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
