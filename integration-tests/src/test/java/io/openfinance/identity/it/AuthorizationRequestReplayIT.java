package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.OAuthAssertions;
import io.openfinance.identity.it.harness.Partner;

/** One authorization request is one connection, whichever and however many browsers complete it. */
@ExtendWith(KeycloakExtension.class)
class AuthorizationRequestReplayIT {

    @Test
    void oneAuthorizationUrlCompletedInTwoBrowsersMakesOneConnection(KeycloakServer server) {
        Partner partner = Partner.register(server, "Replay Partner", Map.of());
        String profile = partner.newProfile();
        Partner.Authorization authorization = partner.authorize("openid id:sandbox", Connect.ongoingClaims(profile), "signed");
        List<HttpBrowser> browsers = List.of(new HttpBrowser(Partner.REDIRECT_URI), new HttpBrowser(Partner.REDIRECT_URI));
        List<HttpBrowser.Stop> consents = browsers.stream().map(browser -> browser.open(authorization.url())).toList();
        consents.forEach(consent -> assertNotNull(consent.page().getElementById("consent-agree"), "each browser sees the consent page"));

        List<HttpBrowser.Stop> ends = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpBrowser.Stop afterConsent = browsers.get(i).submit(consents.get(i), Map.of("decision", "agree"));
            ends.add(afterConsent.atPartner() ? afterConsent
                    : browsers.get(i).submit(afterConsent, Map.of("username", "alice", "password", "alice-sandbox")));
        }

        List<Map<String, String>> answers = ends.stream().map(end -> {
            assertTrue(end.atPartner(), "each browser ends at the partner: " + end.url());
            return OAuthAssertions.queryOf(end.partnerCallback());
        }).toList();
        assertEquals(1, answers.stream().filter(answer -> answer.containsKey("code")).count(), "one code: " + answers);
        assertEquals("invalid_request", answers.get(1).get("error"), "the second browser is refused: " + answers);
        partner.exchange(authorization, ends.get(0).partnerCallback());
        JsonNode connections = Http.get(partner.realmUrl() + "/users/" + profile + "/connections",
                partner.accessToken("user:read", null)).json().get("data");
        assertEquals(1, connections.size(), connections.toString());
    }
}
