package io.openfinance.identity.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Loads profiles straight into the database, as {@code POST /users} would leave them but a thousand times faster:
 * a Keycloak user ({@code USER_ENTITY}: enabled, no credentials, no service account, username {@code profile-<id>})
 * and its ownership row ({@code OF_PROFILE}) per profile, made by the database itself from a range of numbers
 * ({@code SYSTEM_RANGE} on H2, {@code generate_series} on PostgreSQL) in one statement per table and chunk.
 * Profile n has the id {@code 00000000-0000-4000-8000-<n, 12 digits>}, clientUserId {@code bulk-<n>}, and is
 * created n milliseconds after a fixed instant, so listings are deterministic. Safe while the server runs: the rows
 * are new, so no cache holds them.
 */
final class ProfileLoader {

    private static final int CHUNK = 100_000;
    private static final long FIRST_CREATED_AT = 1_700_000_000_000L;

    private final Server server;
    private final String realmId;
    private final String ownerClientId;
    private long loaded;

    ProfileLoader(Server server, String realmId, String ownerClientId) {
        this.server = server;
        this.realmId = realmId;
        this.ownerClientId = ownerClientId;
    }

    long loaded() {
        return loaded;
    }

    static String profileId(long n) {
        return "00000000-0000-4000-8000-%012d".formatted(n);
    }

    void growTo(long profiles) {
        try (Connection db = server.database.connect(server.jdbcUrl)) {
            db.setAutoCommit(false);
            for (long from = loaded + 1; from <= profiles; from += CHUNK) {
                long to = Math.min(profiles, from + CHUNK - 1);
                insert(db, from, to);
                db.commit();
                loaded = to;
            }
            db.setAutoCommit(true);
            server.database.settleAfterLoad(db, "OF_PROFILE", "USER_ENTITY");
        } catch (SQLException e) {
            throw new IllegalStateException("bulk load of profiles failed after " + loaded + ": " + e.getMessage(), e);
        }
    }

    private void insert(Connection db, long from, long to) throws SQLException {
        String id = "'00000000-0000-4000-8000-' || LPAD(CAST(N AS VARCHAR(12)), 12, '0')";
        String range = server.database.range(from, to);
        try (PreparedStatement profiles = db.prepareStatement(
                "INSERT INTO OF_PROFILE (ID, REALM_ID, OWNER_CLIENT_ID, CLIENT_USER_ID, CREATED_AT)"
                        + " SELECT " + id + ", ?, ?, 'bulk-' || CAST(N AS VARCHAR(12)), ? + N FROM " + range + " R");
             PreparedStatement users = db.prepareStatement(
                     "INSERT INTO USER_ENTITY (ID, EMAIL_CONSTRAINT, EMAIL_VERIFIED, ENABLED, REALM_ID, USERNAME,"
                             + " CREATED_TIMESTAMP, NOT_BEFORE)"
                             + " SELECT " + id + ", " + id + ", FALSE, TRUE, ?, 'profile-' || " + id + ", ? + N, 0 FROM " + range + " R")) {
            profiles.setString(1, realmId);
            profiles.setString(2, ownerClientId);
            profiles.setLong(3, FIRST_CREATED_AT);
            profiles.executeUpdate();
            users.setString(1, realmId);
            users.setLong(2, FIRST_CREATED_AT);
            users.executeUpdate();
        }
    }
}
