package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.NodePartner;
import io.openfinance.identity.it.harness.SamplePartners;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * The ongoing-access example of the service we model ({@code src/test/node/seed-example.mjs}),
 * unchanged, as the shipped {@code demo-partner}: no PKCE, transactions read without an account id.
 */
@ExtendWith(KeycloakExtension.class)
class SeedExampleIT {

    @Test
    void theSeedsOngoingAccessExampleRunsUnchangedAsTheSamplePartner(KeycloakServer server) {
        JsonNode demoPartner = SamplePartners.client("demo-partner");
        String identityServiceUrl = server.realmUrl(ServerSettings.IDENTITY_REALM);
        NodePartner.Run run = NodePartner.run("seed-example.mjs", Map.of(
                "IDENTITY_SERVICE_URL", identityServiceUrl,
                "RESOURCE_SERVER_URL", identityServiceUrl + "/data",
                "CLIENT_ID", demoPartner.get("clientId").asText(),
                "CLIENT_SECRET", demoPartner.get("secret").asText(),
                "REDIRECT_URI", SamplePartners.redirectUri(demoPartner)), SamplePartners.redirectUri(demoPartner), 2);

        assertEquals(1, run.results().size(), run::describe);
        JsonNode result = run.results().get(0);
        assertEquals(0, run.exitCode(), () -> "the example stopped at " + result.path("failedAt").asText()
                + ": " + result.path("error").asText() + "\n" + run.describe());
        assertFalse(result.path("userId").asText().isEmpty(), result::toString);
        assertEquals(result.path("userId").asText(), result.path("sub").asText(), "the id token names the created user");
        assertFalse(result.path("connectionId").asText().isEmpty(), result::toString);
        assertTrue(result.path("accounts").asInt() > 0, result::toString);
        assertTrue(result.path("transactions").asInt() > 0, result::toString);
    }
}
