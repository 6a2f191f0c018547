package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.DistributionServer;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.Partner;

/** Connections are Keycloak data: they outlive the server process. Runs a server of its own on a database file. */
class RestartIT {

    @Test
    void profilesAndConnectionsSurviveARestart(@TempDir Path database) {
        Path home = Path.of(System.getProperty("keycloak.home"));
        Path log = Path.of(System.getProperty("server.log")).resolveSibling("keycloak-restart.log");
        // Same port both times: the realm holds the bank's URLs and the bank its token issuer.
        int port = DistributionServer.freePort();
        List<String> onFile = List.of("--db=dev-file", "--db-url=jdbc:h2:file:" + database.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE");

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

        try (DistributionServer second = DistributionServer.start(home, log.resolveSibling("keycloak-restart-2.log"), onFile, port)) {
            Partner same = partner.on(second);
            JsonNode connections = Http.get(same.realmUrl() + "/users/" + userId + "/connections",
                    same.accessToken("user:read", null)).json();
            assertEquals(1, connections.size());
            assertEquals(connectionId, connections.get(0).get("id").asText());
            assertEquals(200, Http.get(same.realmUrl() + "/data/accounts",
                    same.accessToken("accounts:read", userId)).status(), "the stored bank tokens still work");
        }
    }
}
