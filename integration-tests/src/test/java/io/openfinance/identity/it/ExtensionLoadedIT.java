package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;

@ExtendWith(KeycloakExtension.class)
class ExtensionLoadedIT {

    @Test
    void discoveryAnswersOnBothPathsAndNamesOurScopesAndClaims(KeycloakServer server) {
        JsonNode standard = Http.get(server.realmUrl("identity") + "/.well-known/openid-configuration", null).json();
        Http.Answer oidcPath = Http.get(server.realmUrl("identity") + "/oidc/.well-known/openid-configuration", null);

        assertEquals(200, oidcPath.status());
        assertEquals(standard, oidcPath.json());
        assertEquals(server.realmUrl("identity"), standard.get("issuer").asText());
        assertTrue(standard.get("claims_parameter_supported").asBoolean());
        assertTrue(standard.get("request_parameter_supported").asBoolean());
        List<String> scopes = texts(standard.get("scopes_supported"));
        assertTrue(scopes.containsAll(List.of("openid", "offline_access", "id:sandbox", "accounts:read",
                "accounts_details:read", "transactions:read:all", "transactions:read:in", "transactions:read:out",
                "user:create", "user:read", "user:delete")), scopes.toString());
        List<String> claims = texts(standard.get("claims_supported"));
        assertTrue(claims.containsAll(List.of("sub", "mh:con_id", "mh:consent")), claims.toString());
    }

    @Test
    void serverInfoListsEveryProviderOfTheExtension(KeycloakServer server) {
        JsonNode providers = new Admin(server).get("/serverinfo").get("providers");

        assertTrue(providers.at("/authenticator/providers").has("bank-connection"));
        assertTrue(providers.at("/authenticator/providers").has("sandbox-refused-login"));
        assertTrue(providers.at("/protocol-mapper/providers").has("sandbox-scenario-token-mapper"));
        assertTrue(providers.at("/protocol-mapper/providers").has("oidc-mh-con-id-mapper"));
        assertTrue(providers.at("/protocol-mapper/providers").has("oidc-mh-connections-mapper"));
        JsonNode realmResources = providers.at("/realm-restapi-extension/providers");
        for (String id : List.of("users", "data", "bank-callback", "oidc", "bank-api", "banks")) {
            assertTrue(realmResources.has(id), "realm resource " + id + " in " + realmResources);
        }
        assertTrue(providers.at("/jpa-entity-provider/providers").has("open-finance-connections"));
        assertTrue(providers.at("/well-known/providers").has("open-finance-openid-configuration"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
