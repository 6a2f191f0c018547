package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.NodePartner;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.SamplePartners;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * The partners' official Node client, {@code @mft/moneyhub-api-client} 5.2.1, unchanged, as each
 * sample partner of the shipped realm ({@code src/test/node/moneyhub-client.mjs}). One test per
 * call the program reports, so that every call that fails is named with the server's answer.
 */
@ExtendWith(KeycloakExtension.class)
class MoneyhubClientIT {

    /** Every call of the client the contract promises to serve (issue 8, part 6). */
    private static final List<String> CALLS = List.of("registerUser", "getUsers", "getUser", "getAuthorizeUrl",
            "getAuthorizeUrlForCreatedUser", "getPushedAuthorisationRequestUrl", "exchangeCodeForTokens", "refreshTokens",
            "getClientCredentialTokens", "getJWTBearerToken", "getReauthAuthorizeUrlForCreatedUser",
            "getReconsentAuthorizeUrlForCreatedUser", "getRefreshAuthorizeUrlForCreatedUser", "getUserConnections",
            "updateUserConnection", "getRequestUri", "getAuthorizeUrlFromRequestUri", "createAuthRequest",
            "completeAuthRequest", "getAuthRequest", "getAllAuthRequests",
            "deleteUserConnection", "deleteUser", "getAccounts", "getAccount", "getTransactions", "getTransaction",
            "getAccountsList", "getAccountBalances", "syncUserConnection", "getConnectionSyncs", "getSync");

    /**
     * Calls a sample partner's own configuration rules out, and the answer that shows it. They are asserted as refusals,
     * with the calls that would have used their result: the partner's settings working, not the contract failing.
     */
    private static final String PAR_ONLY = "Pushed Authorization Request is only allowed";
    private static final Map<String, String> DEMO_PARTNER_REFUSALS = Map.of(
            // The client signs a jwt-bearer assertion with the request object key, which a partner on alg none has not.
            "getJWTBearerToken", "request_object_signing_alg can't be 'none'");
    private static final Map<String, String> FAPI_PARTNER_REFUSALS = Map.of(
            // fapi-partner must push its requests (PAR); client 5.2.1 pushes only in getPushedAuthorisationRequestUrl.
            "getAuthorizeUrl", PAR_ONLY, "getAuthorizeUrlForCreatedUser", PAR_ONLY,
            "getReauthAuthorizeUrlForCreatedUser", PAR_ONLY, "getReconsentAuthorizeUrlForCreatedUser", PAR_ONLY,
            "getRefreshAuthorizeUrlForCreatedUser", PAR_ONLY,
            // The program refreshes the tokens of getAuthorizeUrl's flow (offline_access), which cannot run without PAR.
            "refreshTokens", "no refreshToken",
            // fapi-partner needs PKCE; the client's requestObject, which getRequestUri pushes, carries no code_challenge.
            "getAuthorizeUrlFromRequestUri", "Missing parameter: code_challenge",
            // The client asks user:update for updateUserConnection; fapi-partner is not given that scope.
            "updateUserConnection", "Invalid scopes: user:update");

    @TestFactory
    Stream<DynamicTest> demoPartnerWithClientSecretBasicAndUnsignedRequestObjects(KeycloakServer server) {
        JsonNode client = SamplePartners.client("demo-partner");
        Map<String, String> environment = environment(server, client);
        environment.putAll(Map.of("CLIENT_SECRET", client.path("secret").asText(),
                "TOKEN_ENDPOINT_AUTH_METHOD", "client_secret_basic",
                "REQUEST_OBJECT_SIGNING_ALG", "none"));
        return outcomes(run(environment, client), DEMO_PARTNER_REFUSALS);
    }

    @TestFactory
    Stream<DynamicTest> fapiPartnerWithPrivateKeyJwtAndSignedRequestObjects(KeycloakServer server, @TempDir Path tmp) {
        JsonNode client = SamplePartners.client("fapi-partner");
        if (client == null) {
            return Stream.of(dynamicTest("fapi-partner", () -> fail("realm-config/identity-realm.json has no client "
                    + "fapi-partner yet (issue 8, part 4)")));
        }
        SamplePartners.PrivateKeys keys = SamplePartners.privateKeys(client, tmp);
        if (keys.file() == null) {
            return Stream.of(dynamicTest("fapi-partner's private key", () -> fail(keys.problem())));
        }
        Map<String, String> environment = environment(server, client);
        environment.putAll(Map.of("TOKEN_ENDPOINT_AUTH_METHOD", "private_key_jwt",
                "REQUEST_OBJECT_SIGNING_ALG", keys.requestObjectAlgorithm(),
                "CLIENT_KEYS_FILE", keys.file().toString()));
        return outcomes(run(environment, client), FAPI_PARTNER_REFUSALS);
    }

    private static Map<String, String> environment(KeycloakServer server, JsonNode client) {
        String identityServiceUrl = server.realmUrl(ServerSettings.IDENTITY_REALM);
        Map<String, String> environment = new HashMap<>(Map.of("IDENTITY_SERVICE_URL", identityServiceUrl,
                "RESOURCE_SERVER_URL", identityServiceUrl + "/data",
                "CLIENT_ID", client.get("clientId").asText(),
                "REDIRECT_URI", SamplePartners.redirectUri(client)));
        environment.putAll(foreignConnection(server));
        String idTokenAlgorithm = client.path("attributes").path("id.token.signed.response.alg").asText();
        if (!idTokenAlgorithm.isEmpty()) {
            environment.put("ID_TOKEN_SIGNED_RESPONSE_ALG", idTokenAlgorithm);
        }
        return environment;
    }

    /** A connection of another partner's profile, which the sample partner must not see. */
    private static Map<String, String> foreignConnection(KeycloakServer server) {
        Partner foreign = Partner.register(server, "Foreign Partner", Map.of());
        String userId = foreign.newProfile();
        String connectionId = Connect.ongoing(foreign, userId, "alice");
        return Map.of("FOREIGN_USER_ID", userId, "FOREIGN_CONNECTION_ID", connectionId);
    }

    private static NodePartner.Run run(Map<String, String> environment, JsonNode client) {
        return NodePartner.run("moneyhub-client.mjs", environment, SamplePartners.redirectUri(client), 5);
    }

    private static Stream<DynamicTest> outcomes(NodePartner.Run run, Map<String, String> refusals) {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest("the program ran to its end", () -> assertEquals(0, run.exitCode(), run::describe)));
        for (JsonNode result : run.results()) {
            String name = result.path("call").asText("unexpected output")
                    + (result.has("after") ? " after " + result.get("after").asText() : "");
            String call = result.path("call").asText();
            String refused = refusals.get(result.has("after") ? result.get("after").asText() : call);
            if (refused != null) {
                tests.add(dynamicTest(name + " (refused by the partner's settings)", () -> {
                    assertFalse(result.path("ok").asBoolean(), name + " should have been refused: " + result);
                    assertTrue(result.has("after") || result.path("error").asText().contains(refused), result.toString());
                }));
                continue;
            }
            tests.add(dynamicTest(name, () -> assertTrue(result.path("ok").asBoolean(),
                    () -> name + " failed: " + result.path("error").asText(result.toString()))));
        }
        Set<String> reported = run.results().stream().map(r -> r.path("call").asText()).collect(Collectors.toSet());
        CALLS.stream().filter(call -> !reported.contains(call))
                .forEach(call -> tests.add(dynamicTest(call, () -> fail(call + " was never reported; " + run.describe()))));
        return tests.stream();
    }
}
