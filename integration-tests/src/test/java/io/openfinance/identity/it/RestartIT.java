package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.RestartableServer;

/**
 * Connections are Keycloak data: they outlive the server process, and their bank tokens are sealed at rest.
 * Runs a server of its own on a database that outlives it (an H2 file in development mode, PostgreSQL in
 * production mode), and reads that database while no server runs.
 */
class RestartIT {

    @Test
    void profilesAndConnectionsSurviveARestart(@TempDir Path scratch) throws SQLException {
        try (RestartableServer server = RestartableServer.create("restart", scratch)) {
            server.start();
            Partner partner = Partner.register(server, "Durable Partner", Map.of());
            String userId = Http.postJson(partner.realmUrl() + "/users", partner.accessToken("user:create", null), "{}").json()
                    .get("userId").asText();
            Partner.Authorization authorization = partner.authorize("openid id:sandbox", Connect.ongoingClaims(userId), "signed");
            String connectionId = (String) partner.exchange(authorization, Connect.agreeAndSignIn(authorization, "alice").partnerCallback())
                    .idToken().getClaim("mh:con_id");
            server.stop();

            try (Connection database = server.openDatabase()) {
                assertBankTokensSealed(database, connectionId);
            }

            server.start();
            JsonNode connections = Http.get(partner.realmUrl() + "/users/" + userId + "/connections",
                    partner.accessToken("user:read", null)).json().get("data");
            assertEquals(1, connections.size());
            assertEquals(connectionId, connections.get(0).get("id").asText());
            assertEquals(200, Http.get(partner.realmUrl() + "/data/accounts",
                    partner.accessToken("accounts:read", userId)).status(), "the stored bank tokens still work");
        }
    }

    /** What someone with a copy of the database sees of a connection's bank tokens: no token. */
    private static void assertBankTokensSealed(Connection database, String connectionId) throws SQLException {
        try (PreparedStatement query = database.prepareStatement(
                "select BANK_ACCESS_TOKEN, BANK_REFRESH_TOKEN from OF_BANK_CONNECTION where ID = ?")) {
            query.setString(1, connectionId);
            ResultSet row = query.executeQuery();
            assertTrue(row.next(), "the connection row exists");
            for (String stored : List.of(row.getString(1), row.getString(2))) {
                assertFalse(stored.contains("eyJ"), "a readable JWT in the database: " + stored);
                assertTrue(stored.startsWith("v2."), "v2.dataKeyId.sealed: " + stored);
            }
        }
    }
}
