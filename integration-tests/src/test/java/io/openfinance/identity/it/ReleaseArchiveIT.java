package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.DistributionServer;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.InstalledRelease;
import io.openfinance.identity.it.harness.Partner;

/**
 * The release archive as an admin installs it: unzipped beside a fresh copy of the stock distribution, INSTALL.md's
 * commands run word for word (no path of this project), and the server they start passes flow 2.
 */
class ReleaseArchiveIT {

    private static DistributionServer server;

    @BeforeAll
    static void installAsAnAdminWould() {
        Path target = Path.of(System.getProperty("server.log")).getParent();
        server = InstalledRelease.install(Path.of(System.getProperty("keycloak.distribution.zip")),
                Path.of(System.getProperty("release.archive")), target.resolve("release-install"),
                target.resolve("release-server.log"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theInstalledServerPassesFlowTwo() {
        Partner partner = Partner.register(server, "First Partner", Map.of());
        String base = partner.realmUrl();
        Http.Answer created = Http.postJson(base + "/users", partner.accessToken("user:create", null), "{\"clientUserId\":\"c-1\"}");
        assertEquals(201, created.status(), created.body());
        String userId = created.json().get("userId").asText();

        Partner.Authorization authorization = partner.authorize("openid id:sandbox", Connect.ongoingClaims(userId), "signed");
        HttpBrowser.Stop back = Connect.agreeAndSignIn(authorization, "alice");
        assertTrue(back.atPartner(), "expected the partner callback, got " + back.url());
        String connectionId = (String) partner.exchange(authorization, back.partnerCallback()).idToken().getClaim("mh:con_id");

        Http.Answer accounts = Http.get(base + "/data/accounts", partner.accessToken("accounts:read", userId));
        assertEquals(200, accounts.status(), accounts.body());
        JsonNode data = accounts.json().get("data");
        assertFalse(data.isEmpty());
        data.forEach(account -> assertEquals(connectionId, account.get("connectionId").asText()));
    }
}
