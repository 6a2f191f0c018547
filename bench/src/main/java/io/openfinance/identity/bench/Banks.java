package io.openfinance.identity.bench;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Adds banks as docs/admins.md's "Add a bank" says, through the admin REST API: an OIDC identity provider with a
 * {@code dataApiUrl} each, all in one partial import. Every partner without an {@code of.banks} list may use them at once
 * through the realm's one bank scope {@code id}. The realm already has one bank, {@code sandbox}; the others reuse its
 * endpoints.
 */
final class Banks {

    private final Api api;
    private int count = 1;

    Banks(Api api) {
        this.api = api;
    }

    int count() {
        return count;
    }

    void growTo(int banks) {
        if (banks <= count) {
            return;
        }
        List<String> aliases = new ArrayList<>();
        for (int i = count + 1; i <= banks; i++) {
            aliases.add("bench-bank-%04d".formatted(i));
        }
        importIdentityProviders(aliases);
        count = banks;
    }

    private void importIdentityProviders(List<String> aliases) {
        String sandbox = api.realmUrl("sandbox-bank");
        ObjectNode partialImport = Api.JSON.createObjectNode().put("ifResourceExists", "FAIL");
        ArrayNode providers = partialImport.putArray("identityProviders");
        for (String alias : aliases) {
            ObjectNode provider = providers.addObject().put("alias", alias).put("displayName", "Bench Bank " + alias)
                    .put("providerId", "oidc").put("enabled", true).put("hideOnLogin", true).put("linkOnly", true);
            provider.putObject("config")
                    .put("authorizationUrl", sandbox + "/protocol/openid-connect/auth")
                    .put("tokenUrl", sandbox + "/protocol/openid-connect/token")
                    .put("dataApiUrl", sandbox + "/bank-api")
                    .put("clientId", "identity-service").put("clientSecret", "sandbox-bank-secret")
                    .put("clientAuthMethod", "client_secret_basic").put("defaultScope", "openid").put("bankType", "api");
        }
        Api.expect(200, api.postJson(api.adminUrl("/partialImport"), api.adminToken(), partialImport.toString()));
    }

    static String internalId(Api api, String clientId) {
        JsonNode clients = api.getJson(api.adminUrl("/clients?clientId=" + Api.encode(clientId)), api.adminToken());
        if (clients.size() != 1) {
            throw new IllegalStateException("no single client " + clientId + " in realm " + Api.IDENTITY);
        }
        return clients.get(0).get("id").asText();
    }
}
