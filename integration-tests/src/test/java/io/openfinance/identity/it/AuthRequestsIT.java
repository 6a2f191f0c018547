package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.OAuthAssertions;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * Auth requests (the server makes the authorization request and redeems the code) and request URIs
 * ({@code POST /request}, then {@code auth?request_uri=} alone), over real HTTP against a real Keycloak.
 */
@ExtendWith(KeycloakExtension.class)
class AuthRequestsIT {

    private static KeycloakServer server;
    private static Partner partner;
    private static String base;

    @BeforeAll
    static void registerPartner(KeycloakServer keycloak) {
        server = keycloak;
        partner = Partner.register(server, "Auth Request Partner", Map.of());
        base = partner.realmUrl();
    }

    @Test
    void theServerMakesTheAuthorizationAndRedeemsTheCode() {
        JsonNode created = create(partner, "{\"redirectUri\":\"" + Partner.REDIRECT_URI + "\",\"scope\":\"id:sandbox openid accounts:read\"}");
        assertEquals("pending", created.get("status").asText());
        assertEquals("sandbox", created.get("bankId").asText());
        String authUrl = created.get("redirectParams").get("authUrl").asText();
        assertFalse(authUrl.contains("scope=") || authUrl.contains("state="), "the URL is a pushed request: " + authUrl);

        Map<String, String> callback = OAuthAssertions.queryOf(Connect.agreeAndSignIn(URI.create(authUrl), Partner.REDIRECT_URI, "alice").partnerCallback());
        String id = created.get("id").asText();
        Http.Answer completed = complete(partner, id, callback.get("code"), callback.get("state"));
        assertEquals(200, completed.status(), completed.body());
        JsonNode done = completed.json().get("data");
        assertEquals("complete", done.get("status").asText());
        String userId = done.get("userId").asText();
        String connectionId = done.get("connectionId").asText();
        JsonNode connections = Http.get(base + "/users/" + userId + "/connections", partner.accessToken("user:read", null)).json().get("data");
        assertEquals(connectionId, connections.get(0).get("id").asText(), "a one-time profile of this partner with the connection");

        assertEquals(connectionId, Http.get(base + "/auth-requests/" + id, partner.accessToken("auth_requests:read", null))
                .json().get("data").get("connectionId").asText());
        JsonNode listed = Http.get(base + "/auth-requests?limit=100", partner.accessToken("auth_requests:read", null)).json().get("data");
        assertTrue(listed.findValuesAsText("id").contains(id), listed.toString());
        Http.Answer again = complete(partner, id, callback.get("code"), callback.get("state"));
        assertEquals(409, again.status(), "a second completion is refused: " + again.body());
    }

    @Test
    void aForeignPartnersAuthRequestIsNotFoundToReadAndToComplete() {
        JsonNode created = create(partner, "{\"redirectUri\":\"" + Partner.REDIRECT_URI + "\",\"scope\":\"id:sandbox openid accounts:read\"}");
        String id = created.get("id").asText();
        Partner other = Partner.register(server, "Other Auth Request Partner", Map.of());
        assertEquals(404, Http.get(base + "/auth-requests/" + id, other.accessToken("auth_requests:read", null)).status());
        assertEquals(404, complete(other, id, "any-code", created.get("redirectParams").get("state").asText()).status());
        assertFalse(Http.get(base + "/auth-requests?limit=100", other.accessToken("auth_requests:read", null)).body().contains(id));
        assertEquals(403, Http.get(base + "/auth-requests/" + id, partner.accessToken("user:read", null)).status(), "needs auth_requests:read");
    }

    @Test
    void aCompletionWithTheWrongStateIsRefusedAndNothingIsStored() {
        String userId = partner.newProfile();
        JsonNode created = create(partner, "{\"redirectUri\":\"" + Partner.REDIRECT_URI + "\",\"userId\":\"" + userId
                + "\",\"scope\":\"id:sandbox openid\"}");
        String id = created.get("id").asText();
        Map<String, String> callback = OAuthAssertions.queryOf(Connect.agreeAndSignIn(URI.create(created.get("redirectParams")
                .get("authUrl").asText()), Partner.REDIRECT_URI, "alice").partnerCallback());

        Http.Answer refused = complete(partner, id, callback.get("code"), "not-" + callback.get("state"));
        assertEquals(400, refused.status(), refused.body());
        JsonNode unchanged = Http.get(base + "/auth-requests/" + id, partner.accessToken("auth_requests:read", null)).json().get("data");
        assertEquals("pending", unchanged.get("status").asText());
        assertTrue(unchanged.get("connectionId").isNull(), unchanged.toString());

        Http.Answer completed = complete(partner, id, callback.get("code"), callback.get("state"));
        assertEquals(200, completed.status(), "the code was not spent by the refused call: " + completed.body());
        assertEquals(userId, completed.json().get("data").get("userId").asText());
    }

    @Test
    void twoParallelCompletionsMakeOneConnection() throws Exception {
        String userId = partner.newProfile();
        JsonNode created = create(partner, "{\"redirectUri\":\"" + Partner.REDIRECT_URI + "\",\"userId\":\"" + userId
                + "\",\"scope\":\"id:sandbox openid\"}");
        String id = created.get("id").asText();
        Map<String, String> callback = OAuthAssertions.queryOf(Connect.agreeAndSignIn(URI.create(created.get("redirectParams")
                .get("authUrl").asText()), Partner.REDIRECT_URI, "alice").partnerCallback());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                answers.add(pool.submit(() -> complete(partner, id, callback.get("code"), callback.get("state")).status()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        JsonNode user = Http.get(base + "/users/" + userId, partner.accessToken("user:read", null)).json();
        assertEquals(1, user.get("connectionIds").size(), user.toString());
    }

    @Test
    void paymentsAndUnknownFieldsAreRefusedByName() {
        String token = partner.accessToken("auth_requests:write", null);
        for (Map.Entry<String, String> refused : Map.of(
                "\"payment\":{\"amount\":100}", "Payments are not offered: payment",
                "\"standingOrder\":{}", "Payments are not offered: standingOrder",
                "\"benefitsCheck\":true", "Unknown fields: benefitsCheck").entrySet()) {
            Http.Answer answer = Http.postJson(base + "/auth-requests", token, "{\"redirectUri\":\"" + Partner.REDIRECT_URI
                    + "\",\"scope\":\"id:sandbox openid\"," + refused.getKey() + "}");
            assertEquals(400, answer.status(), answer.body());
            assertTrue(answer.json().get("message").asText().contains(refused.getValue()), answer.body());
        }
        assertEquals(400, Http.postJson(base + "/auth-requests", token, "{\"redirectUri\":\"https://attacker.example/cb\","
                + "\"scope\":\"id:sandbox openid\"}").status(), "only a registered redirect URI");
        assertEquals(403, Http.postJson(base + "/auth-requests", partner.accessToken("user:create", null),
                "{\"redirectUri\":\"" + Partner.REDIRECT_URI + "\",\"scope\":\"id:sandbox openid\"}").status());
    }

    @Test
    void aRefusalAtTheBankCompletesTheAuthRequestAsAnError() {
        JsonNode created = create(partner, "{\"redirectUri\":\"" + Partner.REDIRECT_URI + "\",\"scope\":\"id:sandbox openid accounts:read\"}");
        Http.Answer answer = Http.patchJson(base + "/auth-requests/" + created.get("id").asText(),
                partner.accessToken("auth_requests:write", null), "{\"authParams\":{\"error\":\"access_denied\"}}");
        assertEquals(200, answer.status(), answer.body());
        assertEquals("error", answer.json().get("data").get("status").asText());
    }

    @Test
    void aRequestUriAloneConnectsOnceAndThenIsRefused() {
        String userId = partner.newProfile();
        Partner.Authorization authorization = partner.authorize("openid id:sandbox", Connect.ongoingClaims(userId), "signed");
        HttpResponse<String> pushed = pushRequestObject(OAuthAssertions.queryOf(authorization.url()).get("request"));
        assertEquals(201, pushed.statusCode(), pushed.body());
        URI alone = URI.create(authorizationEndpoint() + "?request_uri=" + pushed.body());

        URI callback = Connect.agreeAndSignIn(alone, Partner.REDIRECT_URI, "alice").partnerCallback();
        assertEquals(userId, partner.exchange(authorization, callback).idToken().getSubject().getValue());
        assertRefused(alone, "a request URI is single use");
    }

    @Test
    void aRequestUriExpires() throws Exception {
        Partner.Authorization authorization = partner.authorize("openid id:sandbox", Connect.ongoingClaims(partner.newProfile()), "signed");
        Admin admin = new Admin(server);
        String realm = "/realms/" + ServerSettings.IDENTITY_REALM;
        JsonNode original = admin.get(realm);
        // The whole representation back: a PUT with only some attributes drops the others.
        com.fasterxml.jackson.databind.node.ObjectNode shortLived = original.deepCopy();
        shortLived.with("attributes").put("parRequestUriLifespan", "1");
        assertEquals(204, admin.put(realm, shortLived.toString()).status());
        try {
            HttpResponse<String> pushed = pushRequestObject(OAuthAssertions.queryOf(authorization.url()).get("request"));
            assertEquals(201, pushed.statusCode(), pushed.body());
            Thread.sleep(2500);
            assertRefused(URI.create(authorizationEndpoint() + "?request_uri=" + pushed.body()), "an expired request URI");
        } finally {
            admin.put(realm, original.toString());
        }
    }

    @Test
    void aRequestObjectSignedWithAnotherClientsKeyIsRefusedAtPostRequest() throws Exception {
        RSAKey otherKey = new RSAKeyGenerator(2048).keyID(partner.clientId()).algorithm(JWSAlgorithm.RS256).generate();
        Partner.Authorization forged = partner.authorize("openid id:sandbox", Connect.ongoingClaims(partner.newProfile()), "signed",
                claims -> claims, otherKey);
        HttpResponse<String> refused = pushRequestObject(OAuthAssertions.queryOf(forged.url()).get("request"));
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals(400, pushRequestObject("not-a-jws").statusCode());
    }

    @Test
    void authWithARequestUriAloneThatWeDidNotIssueIsRefused() {
        String ours = Base64.getUrlEncoder().withoutPadding().encodeToString(partner.clientId().getBytes(StandardCharsets.UTF_8));
        assertRefused(URI.create(authorizationEndpoint() + "?request_uri=urn:ietf:params:oauth:request_uri:" + ours + ".made-up"),
                "a request URI in our form that we did not issue");
        assertRefused(URI.create(authorizationEndpoint() + "?request_uri=urn:ietf:params:oauth:request_uri:made-up"),
                "a request URI without client_id");
    }

    private static void assertRefused(URI url, String what) {
        HttpBrowser.Stop stop = new HttpBrowser(Partner.REDIRECT_URI).open(url);
        assertFalse(stop.atPartner(), what + " reached the partner: " + stop);
        assertNotEquals(200, stop.status(), what + " showed a page: " + stop.url());
        assertTrue(stop.page() == null || stop.page().getElementById("consent-agree") == null, what + " reached the consent page");
    }

    private static String authorizationEndpoint() {
        return base + "/protocol/openid-connect/auth";
    }

    private static HttpResponse<String> pushRequestObject(String requestObject) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/request"))
                    .header("Content-Type", "application/jws").POST(HttpRequest.BodyPublishers.ofString(requestObject)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode create(Partner who, String body) {
        Http.Answer created = Http.postJson(base + "/auth-requests", who.accessToken("auth_requests:write", null), body);
        assertEquals(201, created.status(), created.body());
        return created.json().get("data");
    }

    private static Http.Answer complete(Partner who, String id, String code, String state) {
        return Http.patchJson(base + "/auth-requests/" + id, who.accessToken("auth_requests:write", null),
                "{\"authParams\":{\"code\":\"" + code + "\",\"state\":\"" + state + "\"}}");
    }
}
