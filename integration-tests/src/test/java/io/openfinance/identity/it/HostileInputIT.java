package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.OAuthAssertions;
import io.openfinance.identity.it.harness.Partner;

/** Bodies, names and callbacks from partners and browsers, as an attacker would send them. */
@ExtendWith(KeycloakExtension.class)
class HostileInputIT {

    private static Partner partner;
    private static String users;

    @BeforeAll
    static void registerPartner(KeycloakServer server) {
        partner = Partner.register(server, "Input Partner", Map.of());
        users = partner.realmUrl() + "/users";
    }

    @Test
    void malformedProfileBodiesAreBadRequestsWithAJsonError() {
        String token = partner.accessToken("user:create", null);
        for (String body : new String[]{"not json", "[1,2]", "{\"clientUserId\": 7}", "{\"clientUserId\": \"\"}",
                "{\"clientUserId\": \"line\\nbreak\"}", "{\"clientUserId\": \"a\\u0007b\"}", "{\"role\": \"admin\"}",
                "{\"clientUserId\": \"" + "x".repeat(10_000) + "\"}", " ".repeat(10) + "{" + "\"a\":1,".repeat(2000) + "\"b\":2}"}) {
            Http.Answer answer = Http.postJson(users, token, body);
            assertEquals(400, answer.status(), body.substring(0, Math.min(40, body.length())));
            assertEquals("bad_request", answer.json().get("code").asText());
            assertFalse(answer.json().get("message").asText().isEmpty());
        }
    }

    @Test
    void anEmptyBodyMakesAProfileWithoutClientUserId() {
        Http.Answer answer = Http.postJson(users, partner.accessToken("user:create", null), "");
        assertEquals(201, answer.status());
        assertFalse(answer.json().path("clientUserId").isTextual(), answer.body());
    }

    @Test
    void clientUserIdIsUniquePerPartnerOnly(KeycloakServer server) {
        String body = "{\"clientUserId\": \"<script>alert(1)</script>\"}";
        assertEquals(201, Http.postJson(users, partner.accessToken("user:create", null), body).status());
        Http.Answer again = Http.postJson(users, partner.accessToken("user:create", null), body);
        assertEquals(409, again.status());
        assertEquals("conflict", again.json().get("code").asText());

        Partner other = Partner.register(server, "Other Input Partner", Map.of());
        Http.Answer elsewhere = Http.postJson(other.realmUrl() + "/users", other.accessToken("user:create", null), body);
        assertEquals(201, elsewhere.status());
        assertEquals("<script>alert(1)</script>", elsewhere.json().get("clientUserId").asText(), "stored as given, as JSON text");
    }

    @Test
    void theUsersApiNeedsAPartnerTokenWithTheVerbsScope() {
        assertEquals(401, Http.postJson(users, null, "{}").status());
        assertEquals(401, Http.postJson(users, "not-a-token", "{}").status());
        assertEquals(403, Http.postJson(users, partner.accessToken("user:read", null), "{}").status());
        assertEquals(403, Http.get(users, partner.accessToken("user:create", null)).status());
        assertEquals(400, Http.get(users + "?limit=100000", partner.accessToken("user:read", null)).status());
        assertEquals(400, Http.get(users + "?offset=-1", partner.accessToken("user:read", null)).status());
    }

    @Test
    void markupInThePartnersNameIsShownAsTextOnTheConsentPage(KeycloakServer server) {
        Partner hostile = Partner.register(server, "<script>alert(1)</script>", Map.of());
        HttpBrowser.Stop consent = new HttpBrowser(Partner.REDIRECT_URI)
                .open(hostile.authorize("openid id:sandbox accounts:read", null, "query").url());

        String html = consent.page().outerHtml();
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped on the page");
        assertFalse(html.contains("<script>alert(1)"), "never as markup");
    }

    @Test
    void aBankCallbackCarryingAnotherFlowsStateIsRefused() {
        HttpBrowser victim = new HttpBrowser(Partner.REDIRECT_URI);
        HttpBrowser attacker = new HttpBrowser(Partner.REDIRECT_URI);
        HttpBrowser.Stop victimAtBank = victim.submit(
                victim.open(partner.authorize("openid id:sandbox accounts:read", null, "query").url()), Map.of("decision", "agree"));
        attacker.submit(attacker.open(partner.authorize("openid id:sandbox accounts:read", null, "query").url()), Map.of("decision", "agree"));
        String victimState = OAuthAssertions.queryOf(victimAtBank.url()).get("state");

        HttpBrowser.Stop stop = attacker.open(URI.create(partner.realmUrl() + "/bank-callback?code=stolen&state=" + Http.enc(victimState)));

        assertEquals(400, stop.status());
        assertTrue(stop.page().getElementById("error-message") != null);
    }
}
