package io.openfinance.identity.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Loads the bank data store straight into the database, as the first sync of each connection would leave it: per bulk
 * profile n (of {@link ProfileLoader}) one live connection to the sandbox bank, its two accounts (current, savings) and
 * {@value #PER_ACCOUNT} transactions each, and the record of the sync that added them ({@code ADD}, {@code auto-update},
 * {@code success}). Made by the database itself from a range of numbers, one {@code INSERT … SELECT} per table and chunk.
 * <p>
 * The connection rows copy what a real connect flow wrote on the fixture's connected profile (bank, consented data
 * scopes, consent expiry, first transaction date), so that tokens and the Data API treat them as that one. What they
 * do not copy, and why:
 * <ul>
 *   <li>Bank tokens: none, as after the bank's tokens were erased. Sealed tokens are bound to their row, so a copy
 *   would not open; and without tokens no scheduled sync sends 10 000 reads to a sandbox bank that has no such
 *   customers. The Data API never reads them.</li>
 *   <li>Account identifiers (holder name, sort code, account number, IBAN): NULL, which the schema and the Data API
 *   allow for any of them (a bank may not give them). They are sealed bound to their row's id as well, so a real row's
 *   sealed values cannot be copied onto another; a stored account therefore skips opening four sealed values, a few
 *   microseconds of AES-GCM per account, and the bench's data token does not ask for {@code accounts_details:read}.</li>
 * </ul>
 * Ids are deterministic: connection c {@code 00000000-0000-4000-9000-<c>}, its accounts {@code …-a000-<2c-1>} and
 * {@code …-a000-<2c>}, its transactions {@code …-b000-<100(c-1)+1 … 100c>}, its sync {@code …-c000-<c>} (12 digits).
 * Transactions are booked over the first half of 2026 like the sandbox bank's, the two accounts an hour apart.
 */
final class StoreLoader {

    static final int PER_ACCOUNT = 50;
    static final int PER_CONNECTION = 2 * PER_ACCOUNT;
    private static final int CHUNK = 1_000;
    /** When the bulk connections were made and first synced: n ms apart, as the bulk profiles were made. */
    private static final long FIRST_SYNCED_AT = 1_767_225_600_000L + 86_400_000L * 200;
    /** The sandbox bank's books run from 2026-01-01 for 180 days. */
    private static final long OPENING = 1_767_225_600_000L;
    private static final long BOOKING_STEP = 180L * 86_400_000L / PER_ACCOUNT;

    private final Server server;
    private final ProfileLoader profiles;
    private final String templateProfileId;
    private long loaded;

    /** @param templateProfileId the profile whose one real connection the bulk connections copy */
    StoreLoader(Server server, ProfileLoader profiles, String templateProfileId) {
        this.server = server;
        this.profiles = profiles;
        this.templateProfileId = templateProfileId;
    }

    /** Connections loaded; each has {@link #PER_CONNECTION} transactions. */
    long loaded() {
        return loaded;
    }

    static String connectionId(long c) {
        return "00000000-0000-4000-9000-%012d".formatted(c);
    }

    /** One connection per bulk profile, profiles 1 to {@code connections}: the profiles must be loaded first. */
    void growTo(long connections) {
        if (connections > profiles.loaded()) {
            throw new IllegalStateException(connections + " connections need as many bulk profiles; " + profiles.loaded() + " are loaded");
        }
        if (connections <= loaded) {
            return;
        }
        try (Connection db = server.database.connect(server.jdbcUrl)) {
            String template = templateConnection(db);
            db.setAutoCommit(false);
            for (long from = loaded + 1; from <= connections; from += CHUNK) {
                long to = Math.min(connections, from + CHUNK - 1);
                insert(db, template, from, to);
                db.commit();
                loaded = to;
            }
            db.setAutoCommit(true);
            server.database.settleAfterLoad(db, "OF_BANK_CONNECTION", "OF_ACCOUNT", "OF_TRANSACTION", "OF_SYNC");
        } catch (SQLException e) {
            throw new IllegalStateException("bulk load of the store failed after " + loaded + " connections: " + e.getMessage(), e);
        }
    }

    private String templateConnection(Connection db) throws SQLException {
        try (PreparedStatement find = db.prepareStatement("SELECT ID FROM OF_BANK_CONNECTION WHERE PROFILE_ID = ?")) {
            find.setString(1, templateProfileId);
            try (ResultSet found = find.executeQuery()) {
                if (!found.next()) {
                    throw new IllegalStateException("the connected profile " + templateProfileId + " has no connection");
                }
                return found.getString(1);
            }
        }
    }

    private void insert(Connection db, String template, long from, long to) throws SQLException {
        Database database = server.database;
        String syncedAt = FIRST_SYNCED_AT + " + N";
        String bothAccounts = id("a000", "2 * N - 1") + " || ' ' || " + id("a000", "2 * N");
        // Connection N: profile N's, as the template's (bank, scopes, consent), synced once.
        execute(db, "INSERT INTO OF_BANK_CONNECTION (ID, REALM_ID, PROFILE_ID, BANK_ID, CREATED_AT, CONSENT_EXPIRES_AT,"
                + " TRANSACTIONS_FROM, DATA_SCOPES, CONSENTED_AT, LAST_READ_AT, ACCOUNT_IDS, VERSION)"
                + " SELECT " + id("9000", "N") + ", T.REALM_ID, " + id("8000", "N") + ", T.BANK_ID, " + syncedAt + " - 1000,"
                + " T.CONSENT_EXPIRES_AT, T.TRANSACTIONS_FROM, T.DATA_SCOPES, " + syncedAt + " - 1000, " + syncedAt + ", " + bothAccounts + ", 0"
                + " FROM " + database.range(from, to) + " R CROSS JOIN (SELECT REALM_ID, BANK_ID, CONSENT_EXPIRES_AT, TRANSACTIONS_FROM,"
                + " DATA_SCOPES FROM OF_BANK_CONNECTION WHERE ID = ?) T", template);
        execute(db, "INSERT INTO OF_SYNC (ID, CONNECTION_ID, ACTION, METHOD, FETCH_STATUS, CREATED_AT, FETCHED_AT, ACCOUNT_IDS,"
                + " ADDED, UPDATED) SELECT " + id("c000", "N") + ", " + id("9000", "N") + ", 'auto-update', 'ADD', 'success', "
                + syncedAt + " - 500, " + syncedAt + ", " + bothAccounts + ", " + PER_CONNECTION + ", 0 FROM " + database.range(from, to) + " R");
        // Account N: connection (N + 1) / 2's; odd N current, even N savings, in the bank's order a millisecond apart.
        String accountSyncedAt = FIRST_SYNCED_AT + " + (N + 1) / 2";
        execute(db, "INSERT INTO OF_ACCOUNT (ID, CONNECTION_ID, BANK_ACCOUNT_ID, NAME, KIND, BUSINESS, CURRENCY, BALANCE, BALANCE_DATE,"
                + " ADDED_AT, MODIFIED_AT) SELECT " + id("a000", "N") + ", " + id("9000", "(N + 1) / 2") + ", 'bulk-account-' || "
                + text("N") + ", CASE WHEN MOD(N, 2) = 1 THEN 'Current account' ELSE 'Savings account' END,"
                + " CASE WHEN MOD(N, 2) = 1 THEN 'CURRENT' ELSE 'SAVINGS' END, FALSE, 'GBP', MOD(N * 7919, 500000), '2026-06-30', "
                + accountSyncedAt + " + 1 - MOD(N, 2), " + accountSyncedAt + " FROM " + database.range(2 * from - 1, 2 * to) + " R");
        // Transaction N: account (N - 1) / 50 + 1's, its (N - 1) mod 50th; a quarter money in, the rest out.
        String account = "(N - 1) / " + PER_ACCOUNT + " + 1";
        execute(db, "INSERT INTO OF_TRANSACTION (ID, CONNECTION_ID, ACCOUNT_ID, BANK_TRANSACTION_ID, AMOUNT, CURRENCY, BOOKED_AT,"
                + " DESCRIPTION, PENDING, ADDED_AT, MODIFIED_AT) SELECT " + id("b000", "N") + ", " + id("9000", "(N - 1) / " + PER_CONNECTION + " + 1")
                + ", " + id("a000", account) + ", 'bulk-account-' || " + text(account) + " || '-t' || " + text("MOD(N - 1, " + PER_ACCOUNT + ")")
                + ", CASE WHEN MOD(N, 4) = 0 THEN MOD(N * 37, 250000) + 5000 ELSE -(MOD(N * 31, 12000) + 200) END, 'GBP', "
                + OPENING + " + MOD(N - 1, " + PER_ACCOUNT + ") * CAST(" + BOOKING_STEP + " AS BIGINT) + MOD(" + account + ", 2) * 3600000,"
                + " CASE MOD(N, 6) WHEN 0 THEN 'Salary' WHEN 1 THEN 'Grocer' WHEN 2 THEN 'Rail ticket' WHEN 3 THEN 'Coffee house'"
                + " WHEN 4 THEN 'Bookshop' ELSE 'Pharmacy' END, FALSE, " + FIRST_SYNCED_AT + " + (N - 1) / " + PER_CONNECTION + " + 1, "
                + FIRST_SYNCED_AT + " + (N - 1) / " + PER_CONNECTION + " + 1 FROM "
                + database.range((from - 1) * PER_CONNECTION + 1, to * PER_CONNECTION) + " R");
    }

    /** The id of kind {@code kind} (the fourth group) and number {@code n} (an SQL expression of N). */
    private static String id(String kind, String n) {
        return "'00000000-0000-4000-" + kind + "-' || LPAD(" + text(n) + ", 12, '0')";
    }

    private static String text(String n) {
        return "CAST(" + n + " AS VARCHAR(20))";
    }

    private static void execute(Connection db, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
