package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.openfinance.identity.it.harness.OAuthAssertions.assertPartnerError;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.BankSetup;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * Which banks a partner may name in {@code id:<bankId>}: every bank of the realm through the one parameterized scope
 * {@code id}, unless an admin restricts the partner to some with the client attribute {@code of.banks}.
 */
@ExtendWith(KeycloakExtension.class)
class PartnerBanksIT {

    private static String otherBank;

    @BeforeAll
    static void anAdminAddsASecondBank(KeycloakServer server) {
        otherBank = "other-" + UUID.randomUUID().toString().substring(0, 8);
        BankSetup.addSandboxLikeBank(server, otherBank, "Other Bank");
    }

    @Test
    void discoveryListsEveryBankAsItsOwnScopeAndNotTheParameterizedScope(KeycloakServer server) {
        String scopes = Http.get(server.realmUrl(ServerSettings.IDENTITY_REALM) + "/.well-known/openid-configuration", null)
                .json().get("scopes_supported").toString();

        assertTrue(scopes.contains("\"id:sandbox\"") && scopes.contains("\"id:" + otherBank + "\""), scopes);
        assertFalse(scopes.contains("\"id\""), scopes);
    }

    @Test
    void aPartnerRestrictedToSomeBanksGetsInvalidScopeForAnother(KeycloakServer server) {
        Partner restricted = Partner.register(server, "Sandbox Only", Map.of());
        restricted.restrictBanks("sandbox");

        Partner.Authorization authorization = restricted.authorize("openid id:" + otherBank + " accounts:read", null, "query");
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);

        assertPartnerError(browser.open(authorization.url()), "invalid_scope", authorization);
        assertEquals(1, browser.visited().size(), "no page before the answer: " + browser.visited());
    }

    @Test
    void aRestrictedPartnersAllowedBankConnects(KeycloakServer server) {
        Partner restricted = Partner.register(server, "Sandbox Only", Map.of());
        restricted.restrictBanks("sandbox", otherBank);
        String profile = restricted.newProfile();

        Partner.Authorization authorization = restricted.authorize("openid id:" + otherBank, Connect.ongoingClaims(profile), "signed");
        Partner.Tokens tokens = restricted.exchange(authorization, Connect.agreeAndSignIn(authorization, "alice").partnerCallback());

        assertEquals(profile, tokens.idToken().getSubject().getValue());
        assertNotNull(tokens.idToken().getClaim("mh:con_id"));
        assertTrue(((String) tokens.accessTokenClaims().get("scope")).contains("id:" + otherBank), tokens.accessTokenClaims().toString());
    }

    @Test
    void aPartnerWithoutTheBankScopeMayUseNoBank(KeycloakServer server) {
        Partner restricted = Partner.register(server, "No Banks", Map.of());
        restricted.forbidOptionalScope("id");

        Partner.Authorization authorization = restricted.authorize("openid id:sandbox accounts:read", null, "query");

        assertPartnerError(new HttpBrowser(Partner.REDIRECT_URI).open(authorization.url()), "invalid_scope", authorization);
    }

    @Test
    void anUnrestrictedPartnerStillGetsInvalidScopeForAnUnknownBank(KeycloakServer server) {
        Partner partner = Partner.register(server, "Every Bank", Map.of());

        Partner.Authorization authorization = partner.authorize("openid id:no-such-bank accounts:read", null, "query");

        assertPartnerError(new HttpBrowser(Partner.REDIRECT_URI).open(authorization.url()), "invalid_scope", authorization);
    }

    @Test
    void anUnrestrictedPartnerUsesEveryBankWithoutAnyScopeOfItsOwn(KeycloakServer server) {
        Partner partner = Partner.register(server, "Every Bank", Map.of());
        String profile = partner.newProfile();

        Partner.Authorization authorization = partner.authorize("openid id:" + otherBank, Connect.ongoingClaims(profile), "signed");
        Partner.Tokens tokens = partner.exchange(authorization, Connect.agreeAndSignIn(authorization, "alice").partnerCallback());

        assertNotNull(tokens.idToken().getClaim("mh:con_id"));
    }
}
