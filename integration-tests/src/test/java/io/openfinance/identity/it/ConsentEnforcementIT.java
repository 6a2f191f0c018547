package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.TokenResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;

/**
 * Every Data API read and every token is bounded by each connection's consent as it is now: after a narrowing
 * {@code reconsent}, and when an admin makes a data scope one of a partner's default client scopes.
 */
@ExtendWith(KeycloakExtension.class)
class ConsentEnforcementIT {

    @Test
    void aNarrowingReconsentTakesTheWithdrawnScopeFromEarlierAndRefreshedTokens(KeycloakServer server) {
        Partner partner = Partner.register(server, "Reconsent Partner", Map.of());
        String base = partner.realmUrl();
        Partner.Authorization oneTime = partner.authorize("openid offline_access id:sandbox accounts:read transactions:read:all", null, "query");
        Partner.Tokens tokens = partner.exchange(oneTime, Connect.agreeAndSignIn(oneTime, "alice").partnerCallback());
        String profile = tokens.idToken().getSubject().getValue();
        String connection = (String) tokens.idToken().getClaim("mh:con_id");
        assertNotNull(tokens.refreshToken(), "offline_access gives a refresh token");
        JsonNode accounts = Http.get(base + "/data/accounts", tokens.accessToken()).json().get("data");
        assertFalse(accounts.isEmpty());
        String account = accounts.get(0).get("id").asText();

        String transactionsOnly = "{\"id_token\":{\"sub\":{\"value\":\"" + profile + "\"},\"mh:con_id\":{\"value\":\"" + connection
                + "\"},\"mh:consent\":{\"value\":{\"permissions\":[\"ReadTransactionsBasic\"]}}}}";
        Partner.Authorization reconsent = partner.authorize("openid reconsent", transactionsOnly, "signed");
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        HttpBrowser.Stop back = browser.submit(browser.open(reconsent.url()), Map.of("decision", "agree"));
        partner.exchange(reconsent, back.partnerCallback());

        assertEquals(403, Http.get(base + "/data/accounts", tokens.accessToken()).status(),
                "a token issued before the reconsent lists no account of a connection no longer consented for accounts:read");
        assertNotEquals(200, Http.get(base + "/data/accounts/" + Http.enc(account), tokens.accessToken()).status());

        TokenResponse refreshed = partner.refresh(tokens.refreshToken());
        assertTrue(refreshed.indicatesSuccess(), refreshed.toString());
        String refreshedToken = refreshed.toSuccessResponse().getTokens().getAccessToken().getValue();
        String scope = (String) Partner.claimsOf(refreshedToken).get("scope");
        assertFalse(List.of(scope.split(" ")).contains("accounts:read"), "the refreshed token lacks the withdrawn scope: " + scope);
        assertTrue(List.of(scope.split(" ")).contains("transactions:read:all"), scope);
        assertEquals(403, Http.get(base + "/data/accounts", refreshedToken).status());
        assertEquals(200, Http.get(base + "/data/transactions?accountId=" + Http.enc(account), refreshedToken).status());
    }

    @Test
    void aDataScopeAnAdminMadeDefaultIsInNoTokenBeyondTheConsent(KeycloakServer server) {
        Partner partner = Partner.register(server, "Default Scope Partner", Map.of(JwtBearerSwitchIT.GRANT_ENABLED, "true"));
        String base = partner.realmUrl();
        String profile = Http.postJson(base + "/users", partner.accessToken("user:create", null), "{}").json().get("userId").asText();
        String withoutDetails = "{\"id_token\":{\"sub\":{\"value\":\"" + profile + "\"},\"mh:con_id\":{\"essential\":true},"
                + "\"mh:consent\":{\"value\":{\"permissions\":[\"ReadAccountsBasic\",\"ReadTransactionsBasic\"]}}}}";
        Partner.Authorization ongoing = partner.authorize("openid id:sandbox", withoutDetails, "signed");
        partner.exchange(ongoing, Connect.agreeAndSignIn(ongoing, "alice").partnerCallback());

        partner.makeScopeDefault("accounts_details:read");

        String subToken = partner.accessToken("accounts:read", profile);
        assertWithoutDetails(base, subToken);
        JWTClaimsSet assertion = new JWTClaimsSet.Builder().issuer(partner.clientId()).subject(profile).audience(base + "/oidc")
                .jwtID(UUID.randomUUID().toString()).issueTime(new Date())
                .expirationTime(new Date(System.currentTimeMillis() + 300_000)).build();
        TokenResponse bearer = partner.jwtBearer("accounts:read", assertion);
        assertTrue(bearer.indicatesSuccess(), bearer.toString());
        assertWithoutDetails(base, bearer.toSuccessResponse().getTokens().getAccessToken().getValue());

        Partner.Authorization oneTime = partner.authorize("openid id:sandbox accounts:read", null, "query");
        Partner.Tokens codeTokens = partner.exchange(oneTime, Connect.agreeAndSignIn(oneTime, "bob").partnerCallback());
        assertWithoutDetails(base, codeTokens.accessToken());
    }

    private static void assertWithoutDetails(String base, String dataToken) {
        String scope = (String) Partner.claimsOf(dataToken).get("scope");
        assertFalse(List.of(scope.split(" ")).contains("accounts_details:read"), "a scope no connection consented: " + scope);
        JsonNode accounts = Http.get(base + "/data/accounts", dataToken).json().get("data");
        assertFalse(accounts.isEmpty());
        accounts.forEach(account -> assertFalse(account.has("details"), account.toString()));
    }
}
