package io.openfinance.identity.it.harness;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Adds a bank the way docs/admins.md tells admins to: an OIDC identity provider, nothing else. */
public final class BankSetup {

    private BankSetup() {
    }

    /**
     * A bank whose sign-in page is the sandbox bank's but whose token endpoint is down (nothing listens),
     * to see what partners get when a bank fails after the user signed in.
     */
    public static void addBankWithTokenEndpointDown(KeycloakServer server, String bankId) {
        String sandbox = server.realmUrl(ServerSettings.SANDBOX_REALM);
        addBank(server, bankId, "Down Bank", Map.of(
                "authorizationUrl", sandbox + "/protocol/openid-connect/auth",
                "tokenUrl", "http://127.0.0.1:9/token",
                "dataApiUrl", "http://127.0.0.1:9/bank-api"));
    }

    /** A bank that is the sandbox bank under another id: its sign-in page, token endpoint and data API. */
    public static void addSandboxLikeBank(KeycloakServer server, String bankId, String displayName) {
        String sandbox = server.realmUrl(ServerSettings.SANDBOX_REALM);
        addBank(server, bankId, displayName, Map.of(
                "authorizationUrl", sandbox + "/protocol/openid-connect/auth",
                "tokenUrl", sandbox + "/protocol/openid-connect/token",
                "dataApiUrl", sandbox + "/bank-api"));
    }

    /** A bank with the sandbox bank's client credentials and the given endpoints and catalogue settings. */
    public static void addBank(KeycloakServer server, String bankId, String displayName, Map<String, String> config) {
        ObjectNode provider = Http.JSON.createObjectNode()
                .put("alias", bankId).put("displayName", displayName).put("providerId", "oidc")
                .put("enabled", true).put("hideOnLogin", true).put("linkOnly", true);
        ObjectNode providerConfig = provider.putObject("config")
                .put("clientId", "identity-service").put("clientSecret", "sandbox-bank-secret")
                .put("clientAuthMethod", "client_secret_basic").put("defaultScope", "openid")
                .put("pkceEnabled", "true").put("pkceMethod", "S256");
        config.forEach(providerConfig::put);
        Admin admin = new Admin(server);
        String realm = "/realms/" + ServerSettings.IDENTITY_REALM;
        expectCreated(admin.post(realm + "/identity-provider/instances", provider.toString()));
    }

    /** Turns a bank off or on as an admin does in the console; its configuration stays. */
    public static void setEnabled(KeycloakServer server, String bankId, boolean enabled) {
        Admin admin = new Admin(server);
        String path = "/realms/" + ServerSettings.IDENTITY_REALM + "/identity-provider/instances/" + bankId;
        ObjectNode provider = (ObjectNode) admin.get(path);
        Http.Answer updated = admin.put(path, provider.put("enabled", enabled).toString());
        if (updated.status() != 204) {
            throw new AssertionError("admin call failed: " + updated.status() + " " + updated.body());
        }
    }

    private static void expectCreated(Http.Answer answer) {
        if (answer.status() != 201) {
            throw new AssertionError("admin call failed: " + answer.status() + " " + answer.body());
        }
    }
}
