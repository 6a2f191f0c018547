package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.FirstSync;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ReadableJwt;
import io.openfinance.identity.it.harness.RestartableServer;
import io.openfinance.identity.it.harness.RestartableServerExtension;
import io.openfinance.identity.it.harness.RevocationFront;

/**
 * Connections are Keycloak data: they outlive the server process, their bank tokens and the stored account identifiers
 * are sealed at rest, and a deleted profile leaves no row of its bank data. A revocation queued while its bank is
 * down keeps the tokens sealed and reaches the bank after the restart.
 * Runs on a server of its own on a database that outlives it (an H2 file in development mode, PostgreSQL in
 * production mode; shared with BankTokensAtRestIT), and reads that database while no server runs.
 */
@ExtendWith(RestartableServerExtension.class)
class RestartIT {

    @Test
    void profilesAndConnectionsSurviveARestart(RestartableServer server) throws SQLException {
        Partner partner = Partner.register(server, "Durable Partner", Map.of());
        String userId = partner.newProfile();
        String connectionId = Connect.ongoing(partner, userId, "alice");
        FirstSync.await(partner, userId, connectionId);
        RevocationFront downBank = new RevocationFront(server);
        String leavingConnection = deleteAProfileConnectedTo(downBank, server, partner);
        server.stop();

        try (Connection database = server.openDatabase()) {
            assertBankTokensSealed(database, "OF_BANK_CONNECTION", connectionId);
            assertBankTokensSealed(database, "OF_BANK_REVOCATION", leavingConnection);
            assertAccountIdentifiersSealed(database, connectionId);
            assertTrue(rows(database, "OF_TRANSACTION", connectionId) > 0, "the first sync stored the transactions");
        }

        downBank.failNext(0);
        server.start();
        downBank.await(all -> RevocationFront.answered(all, 200) == 2, "the revocation queued before the restart");
        downBank.close();
        JsonNode connections = Http.get(partner.realmUrl() + "/users/" + userId + "/connections",
                partner.accessToken("user:read", null)).json().get("data");
        assertEquals(1, connections.size());
        assertEquals(connectionId, connections.get(0).get("id").asText());
        Http.Answer synced = Http.postJson(partner.realmUrl() + "/data/sync/" + connectionId,
                partner.accessToken("accounts:read accounts:write:all", userId), "{\"customerIpAddress\": \"203.0.113.7\"}");
        assertEquals("ok", synced.json().at("/data/status").asText(), "the stored bank tokens still work: " + synced.body());

        assertEquals(204, Http.delete(partner.realmUrl() + "/users/" + userId, partner.accessToken("user:delete", null)).status());
        server.stop();
        try (Connection database = server.openDatabase()) {
            for (String table : List.of("OF_ACCOUNT", "OF_TRANSACTION", "OF_SYNC", "OF_UNATTENDED_READ", "OF_BANK_CONNECTION")) {
                assertEquals(0, rows(database, table, connectionId), "a deleted profile leaves no row in " + table);
            }
        }
    }

    /** A profile connected to a bank that is down when the profile is deleted: the bank's first attempt fails. */
    private static String deleteAProfileConnectedTo(RevocationFront downBank, RestartableServer server, Partner partner) {
        String bankId = "revoking-" + UUID.randomUUID().toString().substring(0, 8);
        downBank.addBank(server, bankId);
        downBank.failNext(Integer.MAX_VALUE);
        String leaving = partner.newProfile();
        String connectionId = Connect.ongoing(partner, bankId, leaving, "alice", null);
        assertEquals(204, Http.delete(partner.realmUrl() + "/users/" + leaving, partner.accessToken("user:delete", null)).status());
        downBank.await(all -> !all.isEmpty(), "an attempt while the bank is down");
        return connectionId;
    }

    private static int rows(Connection database, String table, String connectionId) throws SQLException {
        String column = table.equals("OF_BANK_CONNECTION") ? "ID" : "CONNECTION_ID";
        try (PreparedStatement query = database.prepareStatement("select count(*) from " + table + " where " + column + " = ?")) {
            query.setString(1, connectionId);
            ResultSet row = query.executeQuery();
            row.next();
            return row.getInt(1);
        }
    }

    /** What someone with a copy of the database sees of the stored accounts' identifiers: none of them. */
    private static void assertAccountIdentifiersSealed(Connection database, String connectionId) throws SQLException {
        try (PreparedStatement query = database.prepareStatement(
                "select HOLDER_NAME, SORT_CODE, ACCOUNT_NUMBER, IBAN from OF_ACCOUNT where CONNECTION_ID = ?")) {
            query.setString(1, connectionId);
            ResultSet row = query.executeQuery();
            assertTrue(row.next(), "the first sync stored the accounts");
            for (int column = 1; column <= 4; column++) {
                String stored = row.getString(column);
                assertFalse(stored.contains("alice") || stored.startsWith("GB"), "an identifier in clear: " + stored);
                assertEquals(3, stored.split("\\.").length, "kid.iv.ciphertext: " + stored);
            }
        }
    }

    /**
     * What someone with a copy of the database sees of a connection's bank tokens, in its row or, once it is deleted,
     * in its queued revocation: no token.
     */
    private static void assertBankTokensSealed(Connection database, String table, String connectionId) throws SQLException {
        String column = table.equals("OF_BANK_CONNECTION") ? "ID" : "CONNECTION_ID";
        try (PreparedStatement query = database.prepareStatement(
                "select BANK_ACCESS_TOKEN, BANK_REFRESH_TOKEN from " + table + " where " + column + " = ?")) {
            query.setString(1, connectionId);
            ResultSet row = query.executeQuery();
            assertTrue(row.next(), "the row in " + table + " exists");
            for (String stored : List.of(row.getString(1), row.getString(2))) {
                assertFalse(ReadableJwt.in(stored), "a readable JWT in the database: " + stored);
                assertTrue(stored.startsWith("v2."), "v2.dataKeyId.sealed: " + stored);
            }
        }
    }
}
