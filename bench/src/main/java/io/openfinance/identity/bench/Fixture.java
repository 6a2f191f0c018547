package io.openfinance.identity.bench;

import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What every measurement on one server needs: the stock reference client, the benchmarked partner
 * ({@code demo-partner} of the realm file) with its banks and bulk-loaded profiles, and one profile of that partner
 * with a real connection to the sandbox bank, for the {@code sub} token and the Data API.
 */
final class Fixture {

    /** The stock reference: a partner with every scope {@code demo-partner} has except the banks' scope {@code id}. */
    static final String STOCK_CLIENT = "bench-stock";
    static final String STOCK_SECRET = "bench-stock-secret";
    static final String DATA_SCOPES = "accounts:read transactions:read:all";

    final Server server;
    final Banks banks;
    final ProfileLoader profiles;
    final String connectedProfile;

    private Fixture(Server server, Banks banks, ProfileLoader profiles, String connectedProfile) {
        this.server = server;
        this.banks = banks;
        this.profiles = profiles;
        this.connectedProfile = connectedProfile;
    }

    static Fixture prepare(Server server) {
        Api api = server.api;
        String partnerId = Banks.internalId(api, ConnectFlow.PARTNER);
        registerStockClient(api, partnerId);
        String realmId = api.getJson(api.adminUrl(""), api.adminToken()).get("id").asText();
        String userId = Api.expect(201, api.postJson(api.realmUrl() + "/users", partnerToken(api, "user:create"), "{}"))
                .get("userId").asText();
        new ConnectFlow(api).connectProfile(userId, DATA_SCOPES);
        return new Fixture(server, new Banks(api), new ProfileLoader(server, realmId, partnerId), userId);
    }

    static String partnerToken(Api api, String scope) {
        return api.clientCredentials(ConnectFlow.PARTNER, ConnectFlow.PARTNER_SECRET, scope, null);
    }

    String dataToken() {
        return server.api.clientCredentials(ConnectFlow.PARTNER, ConnectFlow.PARTNER_SECRET, DATA_SCOPES, connectedProfile);
    }

    private static void registerStockClient(Api api, String partnerId) {
        String token = api.adminToken();
        ObjectNode client = Api.JSON.createObjectNode().put("clientId", STOCK_CLIENT).put("name", "Bench stock reference")
                .put("protocol", "openid-connect").put("publicClient", false).put("secret", STOCK_SECRET)
                .put("clientAuthenticatorType", "client-secret").put("serviceAccountsEnabled", true)
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", false);
        copyScopes(api.getJson(api.adminUrl("/clients/" + partnerId + "/default-client-scopes"), token), client.putArray("defaultClientScopes"));
        copyScopes(api.getJson(api.adminUrl("/clients/" + partnerId + "/optional-client-scopes"), token), client.putArray("optionalClientScopes"));
        Api.expect(201, api.postJson(api.adminUrl("/clients"), token, client.toString()));
    }

    private static void copyScopes(JsonNode scopes, ArrayNode into) {
        StreamSupport.stream(scopes.spliterator(), false).map(scope -> scope.get("name").asText())
                .filter(name -> !name.equals("id")).forEach(into::add);
    }
}
