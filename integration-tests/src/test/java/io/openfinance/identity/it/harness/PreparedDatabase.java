package io.openfinance.identity.it.harness;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.openfinance.identity.launcher.Postgres;

/**
 * What a production cluster's first start on an empty database makes (Keycloak's schema, ours, the imported demo
 * realms; the slowest start there is, about three times a later one), made once per test run and copied for each cluster
 * that would make the same: PostgreSQL's {@code CREATE DATABASE … TEMPLATE}. The realm import wrote the load balancer's
 * URL into the realms (the sandbox bank's URLs, {@link ServerSettings#environment}); a copy gets its own cluster's.
 */
final class PreparedDatabase {

    private static Template template;

    /** The prepared database and the URL its realms name. */
    private record Template(String database, String baseUrl) {
    }

    private PreparedDatabase() {
    }

    /** Drops {@code database} and makes it a copy of the prepared one, its realms naming {@code baseUrl}. */
    static synchronized void copyTo(String database, String baseUrl) {
        Postgres.recreateFrom(template().database(), database);
        pointAt(() -> Postgres.connect(database), database, baseUrl);
    }

    /** The same on a server of the test's own: a dump of the prepared database restored there. */
    static synchronized void copyTo(CrashablePostgres server, String database, String baseUrl) {
        server.copyFromSharedServer(template().database(), database);
        pointAt(() -> server.connect(database), database, baseUrl);
    }

    private static Template template() {
        if (template == null) {
            template = prepare();
        }
        return template;
    }

    private interface Copy {
        Connection open() throws SQLException;
    }

    private static void pointAt(Copy copy, String database, String baseUrl) {
        try (Connection connection = copy.open()) {
            replaceInEveryTextColumn(connection, template.baseUrl() + "/", baseUrl + "/");
        } catch (SQLException e) {
            throw new IllegalStateException("could not point the copy " + database + " at " + baseUrl, e);
        }
    }

    /**
     * A first start, stopped again at once: no connection to the database may remain for it to be a template. It seals
     * nothing (a realm's data key is made when it first seals), so a copy suits a cluster of any key-encryption key.
     */
    private static Template prepare() {
        Template prepared;
        try (ProductionCluster cluster = ProductionCluster.start("prepared", 1)) {
            prepared = new Template(cluster.database(), cluster.baseUrl());
        }
        try (Connection connection = Postgres.connect(prepared.database());
             ResultSet dataKeys = connection.createStatement().executeQuery("select count(*) from OF_DATA_KEY")) {
            dataKeys.next();
            if (dataKeys.getInt(1) > 0) {
                throw new IllegalStateException("the first start made data keys: a copy would suit its key-encryption key only");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the prepared database " + prepared.database(), e);
        }
        return prepared;
    }

    private static void replaceInEveryTextColumn(Connection connection, String from, String to) throws SQLException {
        for (String[] column : textColumns(connection)) {
            String table = quoted(column[0]);
            String name = quoted(column[1]);
            try (PreparedStatement update = connection.prepareStatement("update " + table + " set " + name + " = replace("
                    + name + ", ?, ?) where strpos(" + name + ", ?) > 0")) {
                update.setString(1, from);
                update.setString(2, to);
                update.setString(3, from);
                update.executeUpdate();
            }
        }
    }

    private static List<String[]> textColumns(Connection connection) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("select c.table_name, c.column_name from information_schema.columns c"
                + " join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name"
                + " where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'"
                + " and c.data_type in ('text', 'character varying')")) {
            ResultSet rows = query.executeQuery();
            while (rows.next()) {
                columns.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        return columns;
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
