package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.openfinance.identity.it.harness.OAuthAssertions.assertTokenError;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;

/**
 * A connection's life after it is made, as the official client asks for it: {@code reauth}, {@code reconsent},
 * {@code refresh} (no {@code id:} scope, the connection names the bank), consent permissions and default expiries.
 */
@ExtendWith(KeycloakExtension.class)
class ConnectionLifecycleIT {

    private static Partner partner;
    private static String base;

    @BeforeAll
    static void registerPartner(KeycloakServer server) {
        partner = Partner.register(server, "Lifecycle Partner", Map.of());
        base = partner.realmUrl();
    }

    @Test
    void reauthGoesToTheBankAgainForTheSameConnection() {
        String userId = partner.newProfile();
        String connectionId = Connect.ongoing(partner, userId, "alice");
        JsonNode before = connection(userId, connectionId);

        Partner.Authorization reauth = partner.authorize("openid reauth", Connect.claims(userId, connectionId, null), "signed");
        Partner.Tokens tokens = partner.exchange(reauth, Connect.agreeAndSignIn(reauth, "alice").partnerCallback());

        assertEquals(connectionId, tokens.idToken().getClaim("mh:con_id"));
        JsonNode after = connection(userId, connectionId);
        assertEquals(1, connections(userId).size(), "no second connection");
        assertTrue(Instant.parse(after.get("userConsentedAt").asText()).isAfter(Instant.parse(before.get("userConsentedAt").asText())));
        assertEquals(200, Http.get(base + "/data/accounts", partner.accessToken("accounts:read", userId)).status());
    }

    @Test
    void reconsentRenewsTheConsentWithoutTheBank() {
        String userId = partner.newProfile();
        String connectionId = Connect.ongoing(partner, userId, "alice", Instant.now().plus(Duration.ofDays(5)));
        Instant renewedUntil = Instant.now().plus(Duration.ofDays(60)).truncatedTo(ChronoUnit.SECONDS);

        Partner.Authorization reconsent = partner.authorize("openid reconsent", Connect.claims(userId, connectionId, renewedUntil), "signed");
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        HttpBrowser.Stop consent = browser.open(reconsent.url());
        assertNotNull(consent.page().getElementById("consent-no-bank"), "the page says the bank is not asked again");
        HttpBrowser.Stop back = browser.submit(consent, Map.of("decision", "agree"));
        assertTrue(back.atPartner(), "straight back to the partner, no bank: " + browser.visited());
        assertTrue(browser.visited().stream().noneMatch(u -> u.getPath().contains("sandbox-bank")), browser.visited().toString());

        assertEquals(connectionId, partner.exchange(reconsent, back.partnerCallback()).idToken().getClaim("mh:con_id"));
        assertEquals(renewedUntil, Instant.parse(connection(userId, connectionId).get("expiresAt").asText()));
    }

    @Test
    void refreshGoesToTheBankAndKeepsTheConsent() {
        String userId = partner.newProfile();
        Instant until = Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
        String connectionId = Connect.ongoing(partner, userId, "alice", until);

        Partner.Authorization refresh = partner.authorize("openid refresh", Connect.claims(userId, connectionId, null), "signed");
        Partner.Tokens tokens = partner.exchange(refresh, Connect.agreeAndSignIn(refresh, "alice").partnerCallback());

        assertEquals(connectionId, tokens.idToken().getClaim("mh:con_id"));
        assertEquals(until, Instant.parse(connection(userId, connectionId).get("expiresAt").asText()));
    }

    @Test
    void lifecycleRequestsNeedAConnectionOfThisProfile() {
        String userId = partner.newProfile();
        String otherUser = partner.newProfile();
        String connectionId = Connect.ongoing(partner, otherUser, "alice");
        for (String scope : List.of("openid reauth", "openid reconsent", "openid refresh")) {
            assertRefused(partner.authorize(scope, Connect.claims(userId, connectionId, null), "signed"), "invalid_request");
            assertRefused(partner.authorize(scope, Connect.claims(userId, null, null), "signed"), "invalid_request");
        }
        assertRefused(partner.authorize("openid reauth refresh", Connect.claims(otherUser, connectionId, null), "signed"), "invalid_scope");
    }

    @Test
    void consentPermissionsAreWhatTheUserSeesAndWhatTheConnectionCarries() {
        String userId = partner.newProfile();
        String permissions = "\"mh:consent\":{\"essential\":true,\"value\":{\"permissions\":"
                + "[\"ReadAccountsBasic\",\"ReadTransactionsBasic\",\"ReadTransactionsCredits\"]}}";
        String claims = "{\"id_token\":{\"sub\":{\"value\":\"" + userId + "\"}," + permissions + "}}";
        Partner.Authorization authorization = partner.authorize("openid id:sandbox", claims, "signed");
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        HttpBrowser.Stop consent = browser.open(authorization.url());
        List<String> shown = consent.page().select("#consent-permissions li").stream().map(Element::text).toList();
        assertEquals(2, shown.size(), shown.toString());
        HttpBrowser.Stop bank = browser.submit(consent, Map.of("decision", "agree"));
        partner.exchange(authorization, browser.submit(bank, Map.of("username", "alice", "password", "alice-sandbox")).partnerCallback());

        assertEquals(200, Http.get(base + "/data/accounts", partner.accessToken("accounts:read transactions:read:in", userId)).status());
        assertTokenError(partner.clientCredentials("transactions:read:all", userId), "invalid_grant");

        String unknown = claims.replace("ReadAccountsBasic", "ReadEverything");
        assertRefused(partner.authorize("openid id:sandbox", unknown, "signed"), "invalid_request");
    }

    @Test
    void oneTimeAccessLastsADayAndOngoingAccessNinetyDays() {
        Partner.Authorization oneTime = partner.authorize("openid id:sandbox accounts:read", null, "query");
        Partner.Tokens tokens = partner.exchange(oneTime, Connect.agreeAndSignIn(oneTime, "alice").partnerCallback());
        String oneTimeUser = tokens.idToken().getSubject().getValue();
        String oneTimeConnection = (String) tokens.idToken().getClaim("mh:con_id");
        assertAbout(Instant.now().plus(Duration.ofHours(24)), connection(oneTimeUser, oneTimeConnection).get("expiresAt"));

        String userId = partner.newProfile();
        String connectionId = Connect.ongoing(partner, userId, "alice");
        assertAbout(Instant.now().plus(Duration.ofDays(90)), connection(userId, connectionId).get("expiresAt"));
    }

    private static void assertAbout(Instant expected, JsonNode actual) {
        long off = Math.abs(Duration.between(expected, Instant.parse(actual.asText())).toMinutes());
        assertTrue(off < 5, "expected about " + expected + ", got " + actual);
    }

    private static void assertRefused(Partner.Authorization authorization, String error) {
        HttpBrowser.Stop stop = new HttpBrowser(Partner.REDIRECT_URI).open(authorization.url());
        assertTrue(stop.atPartner(), "expected a redirect to the partner, got " + stop.url());
        assertTrue(stop.partnerCallback().getQuery().contains("error=" + error), stop.partnerCallback().toString());
    }


    private static JsonNode connections(String userId) {
        return Http.get(base + "/users/" + userId + "/connections", partner.accessToken("user:read", null)).json().get("data");
    }

    private static JsonNode connection(String userId, String connectionId) {
        JsonNode connection = Http.get(base + "/users/" + userId + "/connections/" + connectionId,
                partner.accessToken("user:read", null)).json().get("data");
        assertEquals(connectionId, connection.get("id").asText());
        return connection;
    }
}
