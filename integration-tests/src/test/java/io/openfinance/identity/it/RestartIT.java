package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.DistributionServer;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.Partner;

/**
 * Connections are Keycloak data: they outlive the server process, and their bank tokens are sealed at rest.
 * Runs a server of its own on a database file, and reads that file while no server holds it.
 */
class RestartIT {

    private static final String DB_USER = "restart-it";
    private static final String DB_PASSWORD = "restart-it-password";

    @Test
    void profilesAndConnectionsSurviveARestart(@TempDir Path database) throws SQLException {
        Path home = Path.of(System.getProperty("keycloak.home"));
        Path log = Path.of(System.getProperty("server.log")).resolveSibling("keycloak-restart.log");
        // Same port both times: the realm holds the bank's URLs and the bank its token issuer.
        int port = DistributionServer.freePort();
        String jdbcUrl = "jdbc:h2:file:" + database.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE";
        List<String> onFile = List.of("--db=dev-file", "--db-url=" + jdbcUrl, "--db-username=" + DB_USER, "--db-password=" + DB_PASSWORD);

        String userId;
        String connectionId;
        Partner partner;
        try (DistributionServer first = DistributionServer.start(home, log, onFile, port)) {
            partner = Partner.register(first, "Durable Partner", Map.of());
            userId = Http.postJson(partner.realmUrl() + "/users", partner.accessToken("user:create", null), "{}").json()
                    .get("userId").asText();
            Partner.Authorization authorization = partner.authorize("openid id:sandbox", Connect.ongoingClaims(userId), "signed");
            connectionId = (String) partner.exchange(authorization, Connect.agreeAndSignIn(authorization, "alice").partnerCallback())
                    .idToken().getClaim("mh:con_id");
        }
        assertBankTokensSealed(jdbcUrl, connectionId);

        try (DistributionServer second = DistributionServer.start(home, log.resolveSibling("keycloak-restart-2.log"), onFile, port)) {
            Partner same = partner.on(second);
            JsonNode connections = Http.get(same.realmUrl() + "/users/" + userId + "/connections",
                    same.accessToken("user:read", null)).json().get("data");
            assertEquals(1, connections.size());
            assertEquals(connectionId, connections.get(0).get("id").asText());
            assertEquals(200, Http.get(same.realmUrl() + "/data/accounts",
                    same.accessToken("accounts:read", userId)).status(), "the stored bank tokens still work");
        }
    }

    /** What someone with a copy of the database sees of a connection's bank tokens: no token. */
    private static void assertBankTokensSealed(String jdbcUrl, String connectionId) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, DB_USER, DB_PASSWORD);
             PreparedStatement query = db.prepareStatement(
                     "select BANK_ACCESS_TOKEN, BANK_REFRESH_TOKEN from OF_BANK_CONNECTION where ID = ?")) {
            query.setString(1, connectionId);
            ResultSet row = query.executeQuery();
            assertTrue(row.next(), "the connection row exists");
            for (String stored : List.of(row.getString(1), row.getString(2))) {
                assertFalse(stored.contains("eyJ"), "a readable JWT in the database: " + stored);
                assertEquals(3, stored.split("\\.").length, "kid.iv.ciphertext: " + stored);
            }
        }
    }
}
