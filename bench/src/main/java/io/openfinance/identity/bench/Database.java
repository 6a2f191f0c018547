package io.openfinance.identity.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.openfinance.identity.launcher.FileTrees;
import io.openfinance.identity.launcher.Postgres;

/** Where a benchmarked server keeps its data: development mode's H2 file, or PostgreSQL in production mode. */
enum Database {

    H2("H2 dev-file, start-dev"),
    POSTGRES("PostgreSQL, start --optimized");

    private static final String H2_USER = "bench";
    private static final String H2_PASSWORD = "bench";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

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
            FileTrees.delete(directory);
            return "jdbc:h2:file:" + directory.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE;AUTO_SERVER=TRUE";
        }
        Postgres.recreate(postgresDatabase());
        return Postgres.jdbcUrl(postgresDatabase());
    }

    /**
     * The server's database options, after {@code --db=dev-file} or the production build's {@code --db=postgres}; on
     * PostgreSQL with durable commits of the tokens' audit events, as docs/operations.md starts production.
     */
    List<String> keycloakOptions(String jdbcUrl) {
        if (this == H2) {
            return List.of("--db-url=" + jdbcUrl, "--db-username=" + H2_USER, "--db-password=" + H2_PASSWORD);
        }
        List<String> options = new ArrayList<>(Postgres.keycloakOptions(postgresDatabase()));
        options.add("--spi-connections-jpa--quarkus--async-commit=false");
        return options;
    }

    Connection connect(String jdbcUrl) throws SQLException {
        return this == H2 ? DriverManager.getConnection(jdbcUrl, H2_USER, H2_PASSWORD) : Postgres.connect(postgresDatabase());
    }

    /** {@code -Dbench.database}: a name of its own keeps parallel checkouts' benchmarks apart on one PostgreSQL. */
    private static String postgresDatabase() {
        return setting("bench.database");
    }

    /**
     * After a bulk load, what the database would do by itself a little later: fresh planner statistics and, on
     * PostgreSQL, the visibility map that lets an offset be counted off the index alone, and a checkpoint, so that
     * the load's writes reach the disk now instead of being spread over the next minutes' measurements.
     */
    void settleAfterLoad(Connection db, String... tables) throws SQLException {
        try (Statement sql = db.createStatement()) {
            if (this == H2) {
                sql.execute("ANALYZE");
                return;
            }
            sql.execute("VACUUM ANALYZE " + String.join(", ", tables));
            checkpoint(sql);
        }
    }

    private static void checkpoint(Statement sql) throws SQLException {
        try {
            sql.execute("CHECKPOINT");
        } catch (SQLException refused) {
            if (!INSUFFICIENT_PRIVILEGE.equals(refused.getSQLState())) {
                throw refused;
            }
            throw new SQLException("CHECKPOINT refused: grant the bench's role pg_checkpoint, as .ci/run does ("
                    + refused.getMessage() + ")", refused.getSQLState(), refused);
        }
    }

    /** A table expression of the integers from..to as column {@code N}. */
    String range(long from, long to) {
        return this == H2
                ? "(SELECT X AS N FROM SYSTEM_RANGE(" + from + ", " + to + "))"
                : "(SELECT generate_series(" + from + ", " + to + ") AS N)";
    }

    static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (bench/pom.xml sets it)");
        }
        return value;
    }
}
