package io.openfinance.identity.it.harness;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** A server of its own on a database that outlives its processes: it stops, starts again at the same URL, and its database can be read. */
public interface RestartableServer extends KeycloakServer {

    /**
     * @param name    names the database (production) and the log files
     * @param scratch a folder for the database file (development)
     */
    static RestartableServer create(String name, Path scratch) {
        return KeycloakMode.current() == KeycloakMode.PRODUCTION
                ? ProductionCluster.create(name, 1).onPreparedDatabase()
                : new DevFileServer(name, scratch);
    }

    void start();

    /** Stops every process; the database stays. */
    void stop();

    /** Whether a process of it runs (a cluster: any node). */
    boolean isRunning();

    /** The server's database through JDBC, as someone with a copy of it sees it. Development's file only while stopped. */
    Connection openDatabase() throws SQLException;

    /** The key-encryption key the server seals bank tokens under: kept outside the database, as an admin keeps it. */
    Path keyEncryptionKeyFile();

    @Override
    default void close() {
        stop();
    }
}
