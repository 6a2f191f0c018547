package io.openfinance.identity.it.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Adds a bank the way the README tells admins to: an OIDC identity provider plus an id:<bankId> client scope. */
public final class BankSetup {

    private BankSetup() {
    }

    /**
     * A bank whose sign-in page is the sandbox bank's but whose token endpoint is down (nothing listens),
     * to see what partners get when a bank fails after the user signed in.
     */
    public static void addBankWithTokenEndpointDown(KeycloakServer server, String bankId) {
        String sandbox = server.realmUrl(ServerSettings.SANDBOX_REALM);
        ObjectNode provider = Http.JSON.createObjectNode()
                .put("alias", bankId).put("displayName", "Down Bank").put("providerId", "oidc")
                .put("enabled", true).put("hideOnLogin", true).put("linkOnly", true);
        provider.putObject("config")
                .put("authorizationUrl", sandbox + "/protocol/openid-connect/auth")
                .put("tokenUrl", "http://127.0.0.1:9/token")
                .put("dataApiUrl", "http://127.0.0.1:9/bank-api")
                .put("clientId", "identity-service").put("clientSecret", "sandbox-bank-secret")
                .put("clientAuthMethod", "client_secret_basic").put("defaultScope", "openid");
        Admin admin = new Admin(server);
        String realm = "/realms/" + ServerSettings.IDENTITY_REALM;
        expectCreated(admin.post(realm + "/identity-provider/instances", provider.toString()));
        ObjectNode scope = Http.JSON.createObjectNode().put("name", "id:" + bankId).put("protocol", "openid-connect");
        scope.putObject("attributes").put("include.in.token.scope", "true").put("display.on.consent.screen", "false");
        expectCreated(admin.post(realm + "/client-scopes", scope.toString()));
    }

    private static void expectCreated(Http.Answer answer) {
        if (answer.status() != 201) {
            throw new AssertionError("admin call failed: " + answer.status() + " " + answer.body());
        }
    }
}
