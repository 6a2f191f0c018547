package io.openfinance.identity.bench;

import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What every measurement on one server needs: the stock reference clients, a fresh realm's client, the benchmarked partner
 * ({@code demo-partner} of the realm file) with its banks, bulk-loaded profiles, their bulk-loaded bank data and a key
 * for {@code jwt-bearer} assertions, and one profile of that partner with a real connection to the sandbox bank, for the
 * {@code sub} token and the assertions, and as the model of the bulk connections.
 */
final class Fixture {

    /**
     * The stock references' realm: the identity realm's settings (client scopes, client policies, flows, the events it
     * stores) copied by Keycloak's partial export, without its clients, banks, keys and users, and not open-finance, so
     * that Keycloak's own grants answer in it.
     */
    static final String STOCK_REALM = "identity-stock";
    /**
     * The stock reference: a client of {@link #STOCK_REALM} with every scope {@code demo-partner} has except the banks'
     * scope {@code id}, and access tokens signed like {@code demo-partner}'s (HS512): the like-for-like reference of
     * every ratio.
     */
    static final String STOCK_CLIENT = "bench-stock-hs512";
    /** The same client signing RS256, Keycloak's default: the reference of the runs before issue 23, kept as information. */
    static final String STOCK_RS256_CLIENT = "bench-stock";
    static final String STOCK_SECRET = "bench-stock-secret";
    /**
     * Keycloak with nothing of ours in the way: a realm made with its defaults (no events stored, no client policies)
     * and a client made with its defaults but HS512, beside the peer as information.
     */
    static final String BARE_REALM = "bench-bare";
    static final String BARE_CLIENT = "bench-bare-hs512";
    static final String DATA_SCOPES = "accounts:read transactions:read:all";
    private static final String OPEN_FINANCE = "of.openFinance";
    /**
     * What the plain token rows ask for: Keycloak refuses data scopes without {@code sub} (they are a profile's), so
     * two other optional scopes of the partner, shaped like the data scopes (no mappers, in the token's scope).
     */
    static final String PLAIN_SCOPES = "user:read connection:read";

    final Server server;
    final Banks banks;
    final ProfileLoader profiles;
    final StoreLoader store;
    final String connectedProfile;
    final PartnerAssertions assertions;

    private Fixture(Server server, Banks banks, ProfileLoader profiles, String connectedProfile, PartnerAssertions assertions) {
        this.server = server;
        this.banks = banks;
        this.profiles = profiles;
        this.store = new StoreLoader(server, profiles, connectedProfile);
        this.connectedProfile = connectedProfile;
        this.assertions = assertions;
    }

    static Fixture prepare(Server server) {
        Api api = server.api;
        String partnerId = Banks.internalId(api, ConnectFlow.PARTNER);
        registerStockRealm(api);
        registerStockClient(api, partnerId, STOCK_CLIENT, "HS512");
        registerStockClient(api, partnerId, STOCK_RS256_CLIENT, "RS256");
        registerBareRealm(api);
        PartnerAssertions assertions = new PartnerAssertions(ConnectFlow.PARTNER, api.realmUrl());
        registerAssertionKey(api, partnerId, assertions.jwks());
        String realmId = api.getJson(api.adminUrl(""), api.adminToken()).get("id").asText();
        String userId = Api.expect(201, api.postJson(api.realmUrl() + "/users", partnerToken(api, "user:create"), "{}"))
                .get("userId").asText();
        new ConnectFlow(api).connectProfile(userId, DATA_SCOPES);
        return new Fixture(server, new Banks(api), new ProfileLoader(server, realmId, partnerId), userId, assertions);
    }

    static String partnerToken(Api api, String scope) {
        return api.clientCredentials(ConnectFlow.PARTNER, ConnectFlow.PARTNER_SECRET, scope, null);
    }

    /** A data token ({@code client_credentials + sub}) of {@code profile}. */
    String dataToken(String profile) {
        return server.api.clientCredentials(ConnectFlow.PARTNER, ConnectFlow.PARTNER_SECRET, DATA_SCOPES, profile);
    }

    private static void registerStockClient(Api api, String partnerId, String clientId, String accessTokenAlgorithm) {
        String token = api.adminToken();
        ObjectNode client = Api.JSON.createObjectNode().put("clientId", clientId).put("name", "Bench stock reference")
                .put("protocol", "openid-connect").put("publicClient", false).put("secret", STOCK_SECRET)
                .put("clientAuthenticatorType", "client-secret").put("serviceAccountsEnabled", true)
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", false);
        client.putObject("attributes").put("access.token.signed.response.alg", accessTokenAlgorithm);
        copyScopes(api.getJson(api.adminUrl("/clients/" + partnerId + "/default-client-scopes"), token), client.putArray("defaultClientScopes"));
        copyScopes(api.getJson(api.adminUrl("/clients/" + partnerId + "/optional-client-scopes"), token), client.putArray("optionalClientScopes"));
        Api.expect(201, api.postJson(api.adminUrl(STOCK_REALM, "/clients"), token, client.toString()));
    }

    private static void registerStockRealm(Api api) {
        String token = api.adminToken();
        ObjectNode realm = (ObjectNode) Api.expect(200, api.postJson(
                api.adminUrl("/partial-export?exportClients=false&exportGroupsAndRoles=false"), token, ""));
        realm.put("realm", STOCK_REALM);
        realm.remove(List.of("identityProviders", "identityProviderMappers", "components", "organizations"));
        ((ObjectNode) realm.get("attributes")).remove(OPEN_FINANCE);
        withoutIds(realm);
        Api.expect(201, api.postJson(api.baseUrl() + "/admin/realms", token, realm.toString()));
    }

    /** The exported ids are the identity realm's own; without them, Keycloak makes new ones on import. */
    private static void withoutIds(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("id");
        }
        node.forEach(Fixture::withoutIds);
    }

    private static void registerBareRealm(Api api) {
        ObjectNode realm = Api.JSON.createObjectNode().put("realm", BARE_REALM).put("enabled", true);
        ObjectNode client = realm.putArray("clients").addObject().put("clientId", BARE_CLIENT).put("publicClient", false)
                .put("secret", STOCK_SECRET).put("serviceAccountsEnabled", true).put("standardFlowEnabled", false);
        client.putObject("attributes").put("access.token.signed.response.alg", "HS512");
        Api.expect(201, api.postJson(api.baseUrl() + "/admin/realms", api.adminToken(), realm.toString()));
    }

    /** The partner keeps its secret for client authentication; the key only signs its jwt-bearer assertions. */
    private static void registerAssertionKey(Api api, String partnerId, String jwks) {
        String token = api.adminToken();
        ObjectNode client = (ObjectNode) api.getJson(api.adminUrl("/clients/" + partnerId), token);
        ((ObjectNode) client.get("attributes")).put("use.jwks.string", "true").put("jwks.string", jwks);
        Api.expect(204, api.putJson(api.adminUrl("/clients/" + partnerId), token, client.toString()));
    }

    private static void copyScopes(JsonNode scopes, ArrayNode into) {
        StreamSupport.stream(scopes.spliterator(), false).map(scope -> scope.get("name").asText())
                .filter(name -> !name.equals("id")).forEach(into::add);
    }
}
