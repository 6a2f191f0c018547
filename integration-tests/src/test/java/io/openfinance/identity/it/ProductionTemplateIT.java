package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.BankSetup;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.NodePartner;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ProductionCluster;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * What an admin's production server runs: the realm template ({@code realm-config/production/identity-realm.json})
 * imported instead of the demo, demo data not allowed, and the first partner and the first bank added through the
 * admin REST API only. Flow 2 then works, with the harness's partner and with the official Node client. The bank
 * behind it is the sandbox bank's realm, standing in for a bank's own server (imported here without its demo mark:
 * a real bank's server is not this server's demo data). Production mode only (its own server).
 */
class ProductionTemplateIT {

    private static final Path REALMS = Path.of("..", "realm-config");
    private static final String BANK = "first-bank";

    private static ProductionCluster server;

    @BeforeAll
    static void startFromTheTemplate() throws IOException {
        server = ProductionCluster.create("template", 1)
                .without(ProductionCluster.IMPORT_REALMS).without(ProductionCluster.ALLOW_DEMO_DATA).started();
        Admin admin = new Admin(server);
        created(admin.post("/realms", Files.readString(REALMS.resolve("production/identity-realm.json"))));
        ObjectNode bankServer = (ObjectNode) Http.JSON.readTree(REALMS.resolve("sandbox-bank-realm.json").toFile());
        ((ObjectNode) bankServer.get("attributes")).remove("of.demo");
        created(admin.post("/realms", bankServer.toString()));
        BankSetup.addSandboxLikeBank(server, BANK, "First Bank");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theTemplateHasNoPartnerAndNoBankUntilTheAdminAddsThem() {
        Admin admin = new Admin(server);
        String realm = "/realms/" + ServerSettings.IDENTITY_REALM;
        Set<String> builtIn = Set.of("account", "account-console", "admin-cli", "broker", "realm-management", "security-admin-console");
        admin.get(realm + "/clients").forEach(client -> assertTrue(builtIn.contains(client.get("clientId").asText())
                || client.get("clientId").asText().startsWith("Template"), "a client the template should not have: " + client.get("clientId")));
        JsonNode banks = Http.get(server.realmUrl(ServerSettings.IDENTITY_REALM) + "/banks", null).json().get("data");
        assertEquals(List.of(BANK), banks.findValuesAsText("id"), banks.toString());
    }

    @Test
    void flowTwoWithAPartnerTheAdminAdded() {
        Partner partner = Partner.register(server, "Template Partner", Map.of());
        String userId = Http.postJson(partner.realmUrl() + "/users", partner.accessToken("user:create", null), "{}").json()
                .get("userId").asText();
        Partner.Authorization authorization = partner.authorize("openid id:" + BANK, Connect.ongoingClaims(userId), "signed");
        Partner.Tokens tokens = partner.exchange(authorization, Connect.agreeAndSignIn(authorization, "alice").partnerCallback());
        assertEquals(userId, tokens.idToken().getSubject().getValue());
        String connectionId = (String) tokens.idToken().getClaim("mh:con_id");
        JsonNode accounts = Http.get(partner.realmUrl() + "/data/accounts", partner.accessToken("accounts:read", userId)).json().get("data");
        assertTrue(accounts.size() > 0, accounts.toString());
        assertEquals(connectionId, Http.get(partner.realmUrl() + "/users/" + userId + "/connections", partner.accessToken("user:read", null))
                .json().get("data").get(0).get("id").asText());
    }

    @Test
    void flowTwoWithTheOfficialNodeClient() {
        // Settings the official client's defaults work with, as demo-partner has them: unsigned request objects, no PKCE.
        Partner partner = Partner.register(server, "Template Node Partner",
                Map.of("request.object.required", "not required", "pkce.code.challenge.method", ""));
        String identityServiceUrl = server.realmUrl(ServerSettings.IDENTITY_REALM);
        Map<String, String> environment = new HashMap<>(Map.of("IDENTITY_SERVICE_URL", identityServiceUrl,
                "RESOURCE_SERVER_URL", identityServiceUrl + "/data", "BANK_ID", BANK,
                "CLIENT_ID", partner.clientId(), "CLIENT_SECRET", partner.secret(), "REDIRECT_URI", Partner.REDIRECT_URI,
                "TOKEN_ENDPOINT_AUTH_METHOD", "client_secret_basic", "REQUEST_OBJECT_SIGNING_ALG", "none"));
        NodePartner.Run run = NodePartner.run("moneyhub-client.mjs", environment, Partner.REDIRECT_URI, 5);
        for (String call : List.of("registerUser", "getAuthorizeUrlForCreatedUser", "getClientCredentialTokens", "getAccounts",
                "getTransactions")) {
            JsonNode result = run.results().stream().filter(r -> call.equals(r.path("call").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError(call + " was never reported; " + run.describe()));
            assertTrue(result.path("ok").asBoolean(), call + " failed: " + result);
        }
        JsonNode exchange = run.results().stream().filter(r -> "exchangeCodeForTokens".equals(r.path("call").asText())
                && "getAuthorizeUrlForCreatedUser".equals(r.path("after").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no code exchange after getAuthorizeUrlForCreatedUser; " + run.describe()));
        assertTrue(exchange.path("ok").asBoolean(), exchange.toString());
    }

    private static void created(Http.Answer answer) {
        if (answer.status() != 201) {
            throw new AssertionError("realm import failed: " + answer.status() + " " + answer.body());
        }
    }
}
