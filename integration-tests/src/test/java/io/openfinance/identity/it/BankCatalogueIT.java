package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.openfinance.identity.it.harness.OAuthAssertions.assertPartnerError;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.BankSetup;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ServerSettings;

/** The public bank catalogue, built from the realm's bank configuration. */
@ExtendWith(KeycloakExtension.class)
class BankCatalogueIT {

    private static final Set<String> FIELDS = Set.of("id", "name", "type", "iconUrl", "status");
    private static String base;
    private static String addedBank;

    @BeforeAll
    static void anAdminAddsABank(KeycloakServer server) {
        base = server.realmUrl(ServerSettings.IDENTITY_REALM);
        addedBank = "catalogue-" + UUID.randomUUID().toString().substring(0, 8);
        BankSetup.addSandboxLikeBank(server, addedBank, "Catalogue Bank");
    }

    @Test
    void banksAreListedWithoutATokenInAnEnvelope() {
        Http.Answer answer = Http.get(base + "/banks", null);

        assertEquals(200, answer.status(), answer.body());
        assertCacheable(answer);
        JsonNode body = answer.json();
        assertEquals(body.get("data").size(), body.get("meta").get("count").asInt());
        assertEquals(base + "/banks", body.get("links").get("self").asText());
        body.get("data").forEach(bank -> assertEquals(FIELDS, fieldNames(bank), bank.toString()));

        JsonNode sandbox = bank(body.get("data"), "sandbox").orElseThrow();
        assertEquals("Sandbox Bank", sandbox.get("name").asText());
        assertEquals("test", sandbox.get("type").asText());
        assertEquals("AVAILABLE", sandbox.get("status").get("auth").asText());
        assertEquals("AVAILABLE", sandbox.get("status").get("data").asText());
        Http.Answer icon = Http.get(sandbox.get("iconUrl").asText(), null);
        assertEquals(200, icon.status());
        assertTrue(icon.raw().headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml"));
    }

    @Test
    void aBankAnAdminAddsIsListedAsAnApiBankWithoutIcon() {
        JsonNode added = bank(Http.get(base + "/banks", null).json().get("data"), addedBank).orElseThrow();

        assertEquals("Catalogue Bank", added.get("name").asText());
        assertEquals("api", added.get("type").asText());
        assertTrue(added.get("iconUrl").isNull());
    }

    @Test
    void theWellKnownListsAreBareArraysSplitByType() {
        JsonNode all = wellKnown("all-connections");
        JsonNode api = wellKnown("api-connections");
        JsonNode test = wellKnown("test-connections");

        assertTrue(bank(all, "sandbox").isPresent() && bank(all, addedBank).isPresent());
        assertEquals(all.size(), api.size() + test.size());
        api.forEach(bank -> assertEquals("api", bank.get("type").asText()));
        test.forEach(bank -> assertEquals("test", bank.get("type").asText()));
        assertTrue(bank(api, addedBank).isPresent() && bank(test, "sandbox").isPresent());
    }

    @Test
    void aDisabledBankIsTemporarilyUnavailableAndItsAuthorizationRequestsEndBeforeAnyPage(KeycloakServer server) {
        Partner partner = Partner.register(server, "Catalogue Reader", Map.of());
        String profile = Http.postJson(base + "/users", partner.accessToken("user:create", null), "{}").json().get("userId").asText();
        BankSetup.setEnabled(server, addedBank, false);
        try {
            JsonNode status = bank(wellKnown("all-connections"), addedBank).orElseThrow().get("status");
            assertEquals("TEMPORARILY_UNAVAILABLE", status.get("auth").asText());
            assertEquals("TEMPORARILY_UNAVAILABLE", status.get("data").asText());

            Partner.Authorization authorization = partner.authorize("openid id:" + addedBank, Connect.ongoingClaims(profile), "signed");
            HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
            HttpBrowser.Stop end = browser.open(authorization.url());

            assertPartnerError(end, "temporarily_unavailable", authorization);
            assertEquals(1, browser.visited().size(), "no page before the answer: " + browser.visited());
        } finally {
            BankSetup.setEnabled(server, addedBank, true);
        }
        assertEquals("AVAILABLE", bank(wellKnown("api-connections"), addedBank).orElseThrow().get("status").get("auth").asText());
    }

    @Test
    void anIdentityProviderWithoutADataApiIsNoBank(KeycloakServer server) {
        String socialLogin = "login-" + UUID.randomUUID().toString().substring(0, 8);
        String sandbox = server.realmUrl(ServerSettings.SANDBOX_REALM);
        BankSetup.addBank(server, socialLogin, "Some Login", Map.of(
                "authorizationUrl", sandbox + "/protocol/openid-connect/auth",
                "tokenUrl", sandbox + "/protocol/openid-connect/token"));
        Partner partner = Partner.register(server, "Login Prober", Map.of());

        assertTrue(bank(wellKnown("all-connections"), socialLogin).isEmpty());
        Partner.Authorization authorization = partner.authorize("openid id:" + socialLogin + " accounts:read", null, "query");
        assertPartnerError(new HttpBrowser(Partner.REDIRECT_URI).open(authorization.url()), "invalid_scope", authorization);
    }

    @Test
    void nineHundredBanksListFast(KeycloakServer server) {
        String realm = "catalogue-load-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode representation = Http.JSON.createObjectNode().put("realm", realm).put("enabled", true);
        representation.putObject("attributes").put("of.openFinance", "true");
        ArrayNode banks = representation.putArray("identityProviders");
        for (int i = 0; i < 900; i++) {
            ObjectNode bank = banks.addObject().put("alias", "bank-" + i).put("displayName", "Bank " + i)
                    .put("providerId", "oidc").put("enabled", i % 10 != 0);
            bank.putObject("config").put("dataApiUrl", "https://bank-" + i + ".example/api")
                    .put("bankType", i % 3 == 0 ? "test" : "api").put("iconUrl", "https://bank-" + i + ".example/icon.svg");
        }
        Admin admin = new Admin(server);
        assertEquals(201, admin.post("/realms", representation.toString()).status());
        try {
            String url = server.realmUrl(realm) + "/banks";
            JsonNode listed = Http.get(url, null).json();
            assertEquals(900, listed.get("meta").get("count").asInt());
            assertEquals(90, listed.get("data").findValuesAsText("auth").stream().filter("TEMPORARILY_UNAVAILABLE"::equals).count());
            long[] millis = new long[5];
            for (int i = 0; i < millis.length; i++) {
                long start = System.nanoTime();
                assertEquals(200, Http.get(url, null).status());
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Arrays.sort(millis);
            System.out.printf("900 banks: catalogue calls took %s ms%n", Arrays.toString(millis));
            assertTrue(millis[2] < 500, "900 banks, median " + millis[2] + " ms");
        } finally {
            admin.delete("/realms/" + realm);
        }
    }

    private static JsonNode wellKnown(String list) {
        Http.Answer answer = Http.get(base + "/oidc/.well-known/" + list, null);
        assertEquals(200, answer.status(), answer.body());
        assertCacheable(answer);
        assertTrue(answer.json().isArray(), answer.body());
        return answer.json();
    }

    private static void assertCacheable(Http.Answer answer) {
        String cacheControl = answer.raw().headers().firstValue("Cache-Control").orElse("");
        assertTrue(cacheControl.contains("public") && cacheControl.matches(".*max-age=\\d+.*"), cacheControl);
    }

    private static Optional<JsonNode> bank(JsonNode banks, String id) {
        return StreamSupport.stream(banks.spliterator(), false).filter(b -> b.get("id").asText().equals(id)).findFirst();
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
