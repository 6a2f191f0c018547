package io.openfinance.identity.it.harness;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import io.openfinance.identity.launcher.FreePorts;

/** Development mode on an H2 database file, always on the same port: the realm holds URLs that name it. */
final class DevFileServer implements RestartableServer {

    private static final String DB_USER = "restart-it";
    private static final String DB_PASSWORD = "restart-it-password";

    private final String jdbcUrl;
    private final int port = FreePorts.next();
    private final String name;
    private int starts;
    private DistributionServer running;

    DevFileServer(String name, Path scratch) {
        this.name = name;
        this.jdbcUrl = "jdbc:h2:file:" + scratch.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE";
    }

    @Override
    public void start() {
        List<String> onFile = List.of("--db=dev-file", "--db-url=" + jdbcUrl, "--db-username=" + DB_USER, "--db-password=" + DB_PASSWORD);
        starts++;
        Path log = Path.of(System.getProperty("server.log"))
                .resolveSibling("keycloak-" + name + (starts == 1 ? "" : "-" + starts) + ".log");
        running = DistributionServer.start(Path.of(System.getProperty("keycloak.home")), log, onFile, port);
    }

    @Override
    public void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Override
    public Connection openDatabase() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, DB_USER, DB_PASSWORD);
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
