package io.openfinance.identity.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server of the production-mode runs ({@code .ci/run} installs and starts it, and creates the role and
 * its database), reached with the system properties {@code postgres.host}, {@code .port}, {@code .user},
 * {@code .password} and {@code .database} (the maintenance database). Each server gets a database of its own,
 * dropped and created afresh, so that every run starts from the imported realms.
 */
public final class Postgres {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private Postgres() {
    }

    /** A new, empty database owned by the role; an earlier run's database of that name is dropped. */
    public static void recreate(String database) {
        recreate(database, "");
    }

    /** A new copy of {@code template}, a database no one is connected to; an earlier database of that name is dropped. */
    public static void recreateFrom(String template, String database) {
        recreate(database, " TEMPLATE " + plainName(template));
    }

    private static void recreate(String database, String creation) {
        plainName(database);
        try (Connection maintenance = connect(setting("postgres.database"));
             Statement sql = maintenance.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + database + creation);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + jdbcUrl(setting("postgres.database")) + " refused to (re)create "
                    + database + " (.ci/run installs and starts it, and creates the role): " + e.getMessage(), e);
        }
    }

    private static String plainName(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        return database;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), setting("postgres.user"), setting("postgres.password"));
    }

    /** The {@code kc.sh start} options that point Keycloak at one database. */
    public static List<String> keycloakOptions(String database) {
        return List.of("--db-url=" + jdbcUrl(database), "--db-username=" + setting("postgres.user"),
                "--db-password=" + setting("postgres.password"));
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + setting("postgres.host") + ":" + setting("postgres.port") + "/" + database;
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (the module's pom.xml sets it)");
        }
        return value;
    }
}
