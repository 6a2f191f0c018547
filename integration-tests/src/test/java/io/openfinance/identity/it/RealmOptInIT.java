package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;

/** An ordinary realm beside ours behaves exactly as stock Keycloak: the extension acts only where a realm opts in. */
@ExtendWith(KeycloakExtension.class)
class RealmOptInIT {

    private static final String ORDINARY = "ordinary-" + Long.toHexString(System.nanoTime());
    private static String ordinary;

    @BeforeAll
    static void anOrdinaryRealmWithAServiceClient(KeycloakServer server) {
        Admin admin = new Admin(server);
        assertEquals(201, admin.post("/realms", "{\"realm\":\"" + ORDINARY + "\",\"enabled\":true}").status());
        assertEquals(201, admin.post("/realms/" + ORDINARY + "/clients", "{\"clientId\":\"service\",\"secret\":\"service-secret\","
                + "\"publicClient\":false,\"serviceAccountsEnabled\":true,\"standardFlowEnabled\":false}").status());
        ordinary = server.realmUrl(ORDINARY);
    }

    @Test
    void noResourceOfOursAnswersThere() {
        for (String path : List.of("/users", "/data/accounts", "/banks", "/bank-callback", "/oidc/.well-known/openid-configuration",
                "/oidc/.well-known/all-connections", "/bank-api/accounts")) {
            assertEquals(404, Http.get(ordinary + path, null).status(), path);
        }
    }

    @Test
    void itsDiscoveryIsStock() {
        JsonNode discovery = Http.get(ordinary + "/.well-known/openid-configuration", null).json();
        List<String> claims = Http.JSON.convertValue(discovery.get("claims_supported"), List.class);
        assertFalse(claims.contains("mh:con_id") || claims.contains("mh:consent"), claims.toString());
    }

    @Test
    void clientCredentialsThereIgnoresSubAsStockDoes() throws Exception {
        Http.Answer token = Http.postForm(ordinary + "/protocol/openid-connect/token", Map.of("grant_type", "client_credentials",
                "client_id", "service", "client_secret", "service-secret", "sub", "someone-else"));
        assertEquals(200, token.status(), token.body());
        String[] parts = token.json().get("access_token").asText().split("\\.");
        JsonNode claims = Http.JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        assertTrue(claims.get("azp").asText().equals("service") && !"someone-else".equals(claims.path("sub").asText()), claims.toString());
    }
}
