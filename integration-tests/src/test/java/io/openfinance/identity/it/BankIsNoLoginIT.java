package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.OAuthAssertions;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * A bank is an identity provider only for its settings: it never signs anyone in to a partner, whatever an admin
 * ticks. Were it a login, Keycloak's broker would finish a partner's flow through first-broker-login, with a user and a
 * code but without the consent page.
 */
@ExtendWith(KeycloakExtension.class)
class BankIsNoLoginIT {

    private static final String BANK = "/realms/" + ServerSettings.IDENTITY_REALM + "/identity-provider/instances/sandbox";
    private static final String BANK_CLIENT = "/realms/" + ServerSettings.SANDBOX_REALM + "/clients";

    @Test
    void theBrokerLoginOfABankWithoutAccountLinkingOnlyGivesThePartnerNothing(KeycloakServer server) {
        Admin admin = new Admin(server);
        Partner partner = Partner.register(server, "Broker Login Partner", Map.of());
        ObjectNode bank = (ObjectNode) admin.get(BANK);
        ObjectNode bankClient = (ObjectNode) admin.get(BANK_CLIENT + "?clientId=identity-service").get(0);
        String bankClientPath = BANK_CLIENT + "/" + bankClient.get("id").asText();
        try {
            put(admin, BANK, bank.deepCopy().put("linkOnly", false));
            // The worst case: the bank also accepts Keycloak's broker endpoint as a redirect URI.
            ObjectNode widened = bankClient.deepCopy();
            ((ArrayNode) widened.get("redirectUris")).add(partner.realmUrl() + "/broker/sandbox/endpoint");
            put(admin, bankClientPath, widened);
            long usersBefore = userCount(admin);

            Partner.Authorization authorization = partner.authorize("openid id:sandbox accounts:read", null, "query");
            HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
            HttpBrowser.Stop consent = browser.open(authorization.url());
            assertNotNull(consent.page().getElementById("consent-agree"), "the flow starts at the consent page");
            Map<String, String> flow = OAuthAssertions.queryOf(consent.url().resolve(consent.form().attr("action")));
            URI brokerLogin = URI.create(partner.realmUrl() + "/broker/sandbox/login?client_id=" + Http.enc(flow.get("client_id"))
                    + "&tab_id=" + Http.enc(flow.get("tab_id")) + "&session_code=" + Http.enc(flow.get("session_code"))
                    + (flow.containsKey("client_data") ? "&client_data=" + Http.enc(flow.get("client_data")) : ""));

            HttpBrowser.Stop stop = browser.open(brokerLogin);
            for (int page = 0; page < 4 && !stop.atPartner() && stop.page() != null
                    && stop.page().selectFirst("form[method=post], form[method=POST]") != null; page++) {
                stop = browser.submit(stop, Map.of("username", "alice", "password", "alice-sandbox",
                        "email", "alice@sandbox-bank.example", "firstName", "Alice", "lastName", "Sandbox"));
            }

            assertFalse(stop.atPartner() && OAuthAssertions.queryOf(stop.partnerCallback()).containsKey("code"),
                    "no code for the partner through the bank's broker login: " + browser.visited());
            assertFalse(browser.visited().stream().anyMatch(url -> url.getPath().startsWith("/realms/" + ServerSettings.SANDBOX_REALM)),
                    "the browser is never sent to the bank as a login: " + browser.visited());
            assertEquals(usersBefore, userCount(admin), "no user, no profile");
        } finally {
            put(admin, BANK, bank);
            put(admin, bankClientPath, bankClient);
        }
    }

    private static long userCount(Admin admin) {
        return admin.get("/realms/" + ServerSettings.IDENTITY_REALM + "/users/count").asLong();
    }

    private static void put(Admin admin, String path, ObjectNode representation) {
        Http.Answer answer = admin.put(path, representation.toString());
        assertEquals(204, answer.status(), answer.body());
    }
}
