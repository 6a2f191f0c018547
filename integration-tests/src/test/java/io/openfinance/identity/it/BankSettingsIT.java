package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;

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

/** A bank's client authentication and PKCE, as an admin sets them on its identity provider, are what we use. */
@ExtendWith(KeycloakExtension.class)
class BankSettingsIT {

    private static KeycloakServer server;
    private static Partner partner;

    @BeforeAll
    static void partnerAndBanks(KeycloakServer keycloak) {
        server = keycloak;
        partner = Partner.register(server, "Settings Partner", Map.of());
        String sandbox = server.realmUrl(ServerSettings.SANDBOX_REALM);
        Map<String, String> sandboxEndpoints = Map.of("authorizationUrl", sandbox + "/protocol/openid-connect/auth",
                "tokenUrl", sandbox + "/protocol/openid-connect/token", "dataApiUrl", sandbox + "/bank-api");
        BankSetup.addBank(server, "no-pkce-bank", "No PKCE Bank", with(sandboxEndpoints, Map.of("pkceEnabled", "false")));
        BankSetup.addBank(server, "post-bank", "Post Bank", with(sandboxEndpoints,
                Map.of("pkceEnabled", "true", "pkceMethod", "S256", "clientAuthMethod", "client_secret_post")));
        aSandboxClientThatOnlyAcceptsOurSignedAssertions();
        BankSetup.addBank(server, "jwt-bank", "JWT Bank", with(sandboxEndpoints, Map.of("pkceEnabled", "true", "pkceMethod", "S256",
                "clientAuthMethod", "private_key_jwt", "clientId", "identity-service-jwt", "clientSecret", "")));
    }

    @Test
    void pkceSwitchedOffSendsNoCodeChallengeAndABankThatRequiresItRefuses() {
        Partner.Authorization authorization = partner.authorize("openid id:no-pkce-bank accounts:read", null, "query");
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        HttpBrowser.Stop back = browser.submit(browser.open(authorization.url()), Map.of("decision", "agree"));

        URI toTheBank = browser.visited().stream().filter(u -> u.getPath().endsWith("/protocol/openid-connect/auth")
                && u.getPath().contains(ServerSettings.SANDBOX_REALM)).findFirst().orElseThrow();
        assertFalse(toTheBank.getQuery().contains("code_challenge"), toTheBank.toString());
        assertTrue(back.atPartner() && back.partnerCallback().getQuery().contains("error=access_denied"), back.url().toString());
    }

    @Test
    void clientSecretPostIsHowWeAuthenticateWhenTheConsoleSaysSo() {
        assertConnectsAndReads("post-bank");
    }

    @Test
    void privateKeyJwtSignedWithTheRealmsKeyIsAcceptedByABankThatKnowsOurJwks() {
        assertConnectsAndReads("jwt-bank");
    }

    private static void assertConnectsAndReads(String bankId) {
        Partner.Authorization authorization = partner.authorize("openid id:" + bankId + " accounts:read", null, "query");
        Partner.Tokens tokens = partner.exchange(authorization, Connect.agreeAndSignIn(authorization, "alice").partnerCallback());
        Http.Answer accounts = Http.get(partner.realmUrl() + "/data/accounts", tokens.accessToken());
        assertEquals(200, accounts.status(), accounts.body());
        assertFalse(accounts.json().get("data").isEmpty());
    }

    /** What a bank does to accept private_key_jwt from us: it registers our realm's JWKS URL. */
    private static void aSandboxClientThatOnlyAcceptsOurSignedAssertions() {
        String client = """
                {"clientId": "identity-service-jwt", "protocol": "openid-connect", "publicClient": false,
                 "clientAuthenticatorType": "client-jwt", "standardFlowEnabled": true, "directAccessGrantsEnabled": false,
                 "redirectUris": ["%s/bank-callback"],
                 "attributes": {"use.jwks.url": "true", "jwks.url": "%s/protocol/openid-connect/certs",
                                "token.endpoint.auth.signing.alg": "RS256", "pkce.code.challenge.method": "S256"}}"""
                .formatted(server.realmUrl(ServerSettings.IDENTITY_REALM), server.realmUrl(ServerSettings.IDENTITY_REALM));
        Http.Answer created = new Admin(server).post("/realms/" + ServerSettings.SANDBOX_REALM + "/clients", client);
        assertEquals(201, created.status(), created.body());
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> overrides) {
        Map<String, String> config = new java.util.HashMap<>(base);
        config.putAll(overrides);
        return config;
    }
}
