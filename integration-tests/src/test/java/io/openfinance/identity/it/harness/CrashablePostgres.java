package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.openfinance.identity.launcher.FreePorts;

/**
 * A PostgreSQL server of a test's own, for a test that crashes the database: Debian's binaries (as {@code .ci/run}
 * installs them), a fresh cluster in a temporary folder, loopback only, its role the one the shared server's tests use
 * ({@code postgres.user}, trusted on loopback). {@link #crash()} is {@code pg_ctl stop -m immediate}: every server
 * process quits at once, nothing is flushed, and the next start recovers from the write-ahead log, as after a power
 * cut. Run as root, the server runs as the {@code postgres} user, which PostgreSQL requires.
 */
public final class CrashablePostgres implements AutoCloseable {

    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");

    private final Path bin = binaries();
    private final Path dataDirectory;
    private final int port = FreePorts.next();
    private final Thread stopAtExit = new Thread(this::stopIfRunning);

    private CrashablePostgres(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** A new cluster, started; its one database {@code postgres} is empty. */
    public static CrashablePostgres start() {
        try {
            Path folder = Files.createTempDirectory("of-it-postgres-");
            CrashablePostgres server = new CrashablePostgres(folder.resolve("data"));
            if (isRoot()) {
                UserPrincipalLookupService users = folder.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(folder, users.lookupPrincipalByName("postgres"));
            }
            server.run(List.of("initdb", "--pgdata=" + server.dataDirectory, "--username=" + user(), "--auth=trust",
                    "--no-sync", "--no-instructions"));
            Runtime.getRuntime().addShutdownHook(server.stopAtExit);
            server.startAgain();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the stopped or crashed server, after its recovery when it crashed. */
    public void startAgain() {
        run(List.of("pg_ctl", "start", "--wait", "--pgdata=" + dataDirectory, "--log=" + dataDirectory.resolveSibling("server.log"),
                "--options=-c port=" + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"));
    }

    /** Every server process quits at once, as when the machine fails: what is not yet in the log on disk is lost. */
    public void crash() {
        run(List.of("pg_ctl", "stop", "--mode=immediate", "--wait", "--pgdata=" + dataDirectory));
    }

    /** A new database, a copy of {@code database} on the shared server (pg_dump, then pg_restore). */
    public void copyFromSharedServer(String database, String copy) {
        run(List.of("createdb", "--host=127.0.0.1", "--port=" + port, "--username=" + user(), copy));
        Path dump = dataDirectory.resolveSibling(database + ".dump");
        run(List.of("pg_dump", "--format=custom", "--no-owner", "--file=" + dump, "--host=" + System.getProperty("postgres.host"),
                "--port=" + System.getProperty("postgres.port"), "--username=" + user(), database),
                Map.of("PGPASSWORD", System.getProperty("postgres.password")));
        run(List.of("pg_restore", "--no-owner", "--exit-on-error", "--host=127.0.0.1", "--port=" + port, "--username=" + user(),
                "--dbname=" + copy, dump.toString()));
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The {@code kc.sh start} options that point Keycloak at one of this server's databases. */
    public List<String> keycloakOptions(String database) {
        return List.of("--db-url=" + jdbcUrl(database), "--db-username=" + user(), "--db-password=" + System.getProperty("postgres.password"));
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user(), System.getProperty("postgres.password"));
    }

    @Override
    public void close() {
        stopIfRunning();
        Runtime.getRuntime().removeShutdownHook(stopAtExit);
        try (Stream<Path> files = Files.walk(dataDirectory.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stopIfRunning() {
        try {
            crash();
        } catch (IllegalStateException notRunning) {
            // pg_ctl found no server to stop: a test crashed it and did not start it again
        }
    }

    private void run(List<String> command) {
        run(command, Map.of());
    }

    /** A server command runs as {@code postgres} when this JVM runs as root; its output goes to the server's folder. */
    private void run(List<String> command, Map<String, String> environment) {
        List<String> line = new ArrayList<>();
        boolean serverCommand = List.of("initdb", "pg_ctl").contains(command.get(0));
        if (serverCommand && isRoot()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.add(bin.resolve(command.get(0)).toString());
        line.addAll(command.subList(1, command.size()));
        Path output = dataDirectory.resolveSibling(command.get(0) + ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + " failed: " + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String user() {
        return System.getProperty("postgres.user");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest version's binaries of Debian's packages. */
    private static Path binaries() {
        try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
            return versions.max(Comparator.comparing(path -> Integer.parseInt(path.getFileName().toString())))
                    .map(version -> version.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under " + DEBIAN_BINARIES + " (.ci/run installs it)"));
        } catch (IOException e) {
            throw new UncheckedIOException("no PostgreSQL under " + DEBIAN_BINARIES + " (.ci/run installs it)", e);
        }
    }
}
