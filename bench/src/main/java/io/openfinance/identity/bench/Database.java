package io.openfinance.identity.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Where a benchmarked server keeps its data: development mode's H2 file, or PostgreSQL in production mode. */
enum Database {

    H2("H2 dev-file, start-dev"),
    POSTGRES("PostgreSQL, start --optimized");

    private static final String H2_USER = "bench";
    private static final String H2_PASSWORD = "bench";
    private static final String POSTGRES_DATABASE = "of_bench";

    final String label;

    Database(String label) {
        this.label = label;
    }

    /**
     * A fresh, empty database for one server. The H2 file is opened with AUTO_SERVER, so that the loader can write
     * it through the running server's own H2 while Keycloak holds it.
     */
    String prepareJdbcUrl(Path work) {
        if (this == H2) {
            Path directory = work.resolve("h2");
            Files.deleteTree(directory);
            return "jdbc:h2:file:" + directory.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE;AUTO_SERVER=TRUE";
        }
        try (Connection maintenance = DriverManager.getConnection(postgresUrl(setting("postgres.database")),
                setting("postgres.user"), setting("postgres.password"));
             Statement sql = maintenance.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + POSTGRES_DATABASE + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + POSTGRES_DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused to (re)create " + POSTGRES_DATABASE
                    + " (.ci/run starts it and creates the role): " + e.getMessage(), e);
        }
        return postgresUrl(POSTGRES_DATABASE);
    }

    /** The server's database options, after {@code --db=dev-file} or the production build's {@code --db=postgres}. */
    List<String> keycloakOptions(String jdbcUrl) {
        return List.of("--db-url=" + jdbcUrl, "--db-username=" + user(), "--db-password=" + password());
    }

    Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user(), password());
    }

    /** A table expression of the integers from..to as column {@code N}. */
    String range(long from, long to) {
        return this == H2
                ? "(SELECT X AS N FROM SYSTEM_RANGE(" + from + ", " + to + "))"
                : "(SELECT generate_series(" + from + ", " + to + ") AS N)";
    }

    private String user() {
        return this == H2 ? H2_USER : setting("postgres.user");
    }

    private String password() {
        return this == H2 ? H2_PASSWORD : setting("postgres.password");
    }

    private static String postgresUrl(String database) {
        return "jdbc:postgresql://" + setting("postgres.host") + ":" + setting("postgres.port") + "/" + database;
    }

    static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (bench/pom.xml sets it)");
        }
        return value;
    }
}
