package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;

/**
 * The sandbox bank met directly, as the identity service meets it: its sign-in page, its token endpoint
 * with the service's client credentials, and its data API. For tests of the bank's own contract.
 */
public final class SandboxBank {

    private static final ClientSecretBasic CLIENT = new ClientSecretBasic(new ClientID("identity-service"), new Secret("sandbox-bank-secret"));

    private final KeycloakServer server;
    private final String redirectUri;

    public SandboxBank(KeycloakServer server) {
        this.server = server;
        this.redirectUri = server.realmUrl(ServerSettings.IDENTITY_REALM) + "/bank-callback";
    }

    /** A token endpoint answer. */
    public record TokenAnswer(int status, JsonNode json) {
        public String accessToken() {
            return json.path("access_token").asText(null);
        }

        public String refreshToken() {
            return json.path("refresh_token").asText(null);
        }
    }

    /** Signs the customer in at the bank; the query of the bank's redirect back (a code, or an error). */
    public Map<String, String> signIn(String customer, CodeVerifier verifier) {
        URI authorization = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), CLIENT.getClientID())
                .endpointURI(URI.create(bankUrl("/protocol/openid-connect/auth")))
                .redirectionURI(URI.create(redirectUri)).scope(new Scope("openid")).state(new State())
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build().toURI();
        HttpBrowser browser = new HttpBrowser(redirectUri);
        HttpBrowser.Stop back = browser.submit(browser.open(authorization), Map.of("username", customer, "password", customer + "-sandbox"));
        if (!back.atPartner()) {
            throw new AssertionError("the bank did not send the browser back: " + back.url());
        }
        return OAuthAssertions.queryOf(back.partnerCallback());
    }

    /** Signs the customer in and swaps the code for the bank's tokens. */
    public TokenAnswer tokens(String customer) {
        CodeVerifier verifier = new CodeVerifier();
        String code = signIn(customer, verifier).get("code");
        if (code == null) {
            throw new AssertionError("the bank gave no code to " + customer);
        }
        return token(new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(redirectUri), verifier));
    }

    public TokenAnswer refresh(String refreshToken) {
        return token(new RefreshTokenGrant(new RefreshToken(refreshToken)));
    }

    /** {@code GET {bank}/bank-api/{path}} with the bank's access token. */
    public Http.Answer api(String path, String accessToken) {
        return Http.get(bankUrl("/bank-api/" + path), accessToken);
    }

    /** The bank's own record of the customer's account in this currency ({@code id}, {@code balance} in minor units, …). */
    public JsonNode account(String customer, String currency) {
        for (JsonNode account : api("accounts", tokens(customer).accessToken()).json().get("accounts")) {
            if (currency.equals(account.get("currency").asText())) {
                return account;
            }
        }
        throw new AssertionError(customer + " has no " + currency + " account at the bank");
    }

    /** The signed minor units of the account's transactions as the bank records them, sorted. */
    public List<Long> signedAmounts(String customer, String accountId) {
        JsonNode transactions = api("accounts/" + accountId + "/transactions", tokens(customer).accessToken()).json().get("transactions");
        List<Long> amounts = new ArrayList<>();
        transactions.forEach(t -> amounts.add("in".equals(t.get("direction").asText()) ? t.get("amount").asLong() : -t.get("amount").asLong()));
        return amounts.stream().sorted().toList();
    }

    private TokenAnswer token(AuthorizationGrant grant) {
        try {
            HTTPResponse response = new TokenRequest(URI.create(bankUrl("/protocol/openid-connect/token")), CLIENT, grant)
                    .toHTTPRequest().send();
            return new TokenAnswer(response.getStatusCode(), Http.JSON.readTree(response.getContent()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String bankUrl(String path) {
        return server.realmUrl(ServerSettings.SANDBOX_REALM) + path;
    }
}
