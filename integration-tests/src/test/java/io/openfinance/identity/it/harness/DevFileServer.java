package io.openfinance.identity.it.harness;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import io.openfinance.identity.launcher.FreePorts;

/** Development mode on an H2 database file, always on the same port: the realm holds URLs that name it. */
final class DevFileServer implements RestartableServer {

    private static final String DB_USER = "dev-file";
    private static final String DB_PASSWORD = "dev-file-password";

    private final Path scratch;
    private final int port = FreePorts.next();
    private final String name;
    private int starts;
    private DistributionServer running;

    DevFileServer(String name, Path scratch) {
        this.name = name;
        this.scratch = scratch;
    }

    /**
     * The options of a development server on an H2 file in {@code folder}. Every development server runs on a file:
     * a start with another database ({@code dev-mem}) would rebuild the distribution, which costs a minute or more.
     */
    static List<String> options(Path folder) {
        return List.of("--db=dev-file", "--db-url=" + jdbcUrl(folder), "--db-username=" + DB_USER, "--db-password=" + DB_PASSWORD);
    }

    private static String jdbcUrl(Path folder) {
        return "jdbc:h2:file:" + folder.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE";
    }

    @Override
    public void start() {
        starts++;
        Path log = Path.of(System.getProperty("server.log"))
                .resolveSibling("keycloak-" + name + (starts == 1 ? "" : "-" + starts) + ".log");
        running = DistributionServer.start(Path.of(System.getProperty("keycloak.home")), log, options(scratch), port);
    }

    @Override
    public void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running != null && running.isAlive();
    }

    @Override
    public Connection openDatabase() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(scratch), DB_USER, DB_PASSWORD);
    }

    /** Development mode makes it on first start, under the server's data folder. */
    @Override
    public Path keyEncryptionKeyFile() {
        return Path.of(System.getProperty("keycloak.home"), "data", "open-finance", "kek");
    }

    @Override
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    @Override
    public Path logFile() {
        return running == null ? null : running.logFile();
    }
}
