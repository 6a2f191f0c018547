package io.openfinance.identity.it;

import static io.openfinance.identity.it.harness.OAuthAssertions.assertPartnerError;
import static io.openfinance.identity.it.harness.OAuthAssertions.assertTokenError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.FapiPartner;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ProductionCluster;

/**
 * A production server started as an admin following the README would start it with the demo realms, without
 * allowing demo data: the sample partners, whose secret and private key are public, get no token, the sandbox bank
 * takes no connection, and the log names each of them at start. Production mode only (its own server, on a copy of the
 * database a first start with the demo realms makes: the setting acts at run time, on every start).
 */
class DemoDataRefusedIT {

    private static ProductionCluster server;

    @BeforeAll
    static void startWithTheDemoRealmsAndDemoDataNotAllowed() {
        server = ProductionCluster.create("demo", 1).without(ProductionCluster.ALLOW_DEMO_DATA).onPreparedDatabase().started();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theDemoPartnerGetsNoTokenOnItsPublicSecret() {
        Partner demo = Partner.sample(server, "demo-partner");
        for (String sub : new String[] {null, "any-profile"}) {
            assertTokenError(demo.clientCredentials(sub == null ? "user:create" : "accounts:read", sub), "invalid_client");
        }
    }

    @Test
    void theFapiSamplePartnerGetsNoTokenOnItsPublishedKey() {
        FapiPartner fapi = new FapiPartner(server);
        assertTokenError(fapi.clientCredentials("user:create", null, fapi.clientAuth(fapi.tokenEndpoint())), "invalid_client");
    }

    @Test
    void theDemoPartnerCannotStartAConnection() {
        Partner demo = Partner.sample(server, "demo-partner");
        Partner.Authorization authorization = demo.authorize("openid id:sandbox accounts:read", null, "query");
        assertPartnerError(new HttpBrowser(Partner.REDIRECT_URI).open(authorization.url()), "unauthorized_client", authorization);
    }

    @Test
    void aConnectionFlowNamingTheDemoBankIsRefused() {
        Partner partner = Partner.register(server, "Real Partner", Map.of());
        String userId = partner.newProfile();
        Partner.Authorization authorization = partner.authorize("openid id:sandbox", Connect.ongoingClaims(userId), "signed");
        assertPartnerError(new HttpBrowser(Partner.REDIRECT_URI).open(authorization.url()), "invalid_scope", authorization);
        assertEquals(0, Http.get(partner.realmUrl() + "/users/" + userId + "/connections", partner.accessToken("user:read", null))
                .json().get("data").size(), "no connection");
        assertFalse(Http.get(partner.realmUrl() + "/banks", null).body().contains("\"sandbox\""), "the catalogue lists no demo bank");
    }

    @Test
    void theStartLogNamesEachRefusedPieceOfDemoData() throws IOException {
        List<String> errors = Files.readAllLines(server.logFile()).stream()
                .filter(line -> line.contains("ERROR") && line.contains("Demo data refused")).toList();
        for (String piece : List.of("client demo-partner of realm identity", "client fapi-partner of realm identity",
                "bank sandbox of realm identity", "realm sandbox-bank")) {
            assertTrue(errors.stream().anyMatch(line -> line.contains(piece)), piece + " not named in " + errors);
        }
    }
}
