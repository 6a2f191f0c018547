package io.openfinance.identity.bank;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.UriBuilder;

import io.openfinance.identity.store.BankTokens;
import org.keycloak.OAuth2Constants;
import org.keycloak.TokenCategory;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureSignerContext;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.utils.PkceUtils;
import org.keycloak.representations.JsonWebToken;

/**
 * OAuth 2 towards a bank as its identity provider settings say: client authentication by basic, post or
 * {@code private_key_jwt} (signed with this realm's own key, which the bank knows from our JWKS), PKCE on or off.
 */
final class BankOAuth {

    private final KeycloakSession session;
    private final SimpleHttp http;

    BankOAuth(KeycloakSession session, SimpleHttp http) {
        this.session = session;
        this.http = http;
    }

    URI authorizationUri(BankConfig bank, String redirectUri, String state, String codeVerifier) {
        UriBuilder uri = UriBuilder.fromUri(bank.authorizationUrl())
                .queryParam(OAuth2Constants.RESPONSE_TYPE, OAuth2Constants.CODE)
                .queryParam(OAuth2Constants.CLIENT_ID, bank.clientId())
                .queryParam(OAuth2Constants.REDIRECT_URI, redirectUri)
                .queryParam(OAuth2Constants.SCOPE, bank.scopes())
                .queryParam(OAuth2Constants.STATE, state);
        if (bank.pkce()) {
            uri.queryParam(OAuth2Constants.CODE_CHALLENGE, PkceUtils.encodeCodeChallenge(codeVerifier, bank.pkceMethod()))
                    .queryParam(OAuth2Constants.CODE_CHALLENGE_METHOD, bank.pkceMethod());
        }
        return uri.build();
    }

    BankTokens exchangeCode(BankConfig bank, String code, String redirectUri, String codeVerifier) throws BankException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(OAuth2Constants.GRANT_TYPE, OAuth2Constants.AUTHORIZATION_CODE);
        form.put(OAuth2Constants.CODE, code);
        form.put(OAuth2Constants.REDIRECT_URI, redirectUri);
        if (bank.pkce()) {
            form.put(OAuth2Constants.CODE_VERIFIER, codeVerifier);
        }
        return tokens(post(bank, bank.tokenUrl(), form, "token endpoint"));
    }

    BankTokens refresh(BankConfig bank, String refreshToken) throws BankException {
        return tokens(post(bank, bank.tokenUrl(), Map.of(OAuth2Constants.GRANT_TYPE, OAuth2Constants.REFRESH_TOKEN,
                OAuth2Constants.REFRESH_TOKEN, refreshToken), "token endpoint"));
    }

    void revoke(BankConfig bank, String token, String tokenTypeHint) throws BankException {
        post(bank, bank.revocationUrl(), Map.of("token", token, "token_type_hint", tokenTypeHint), "revocation endpoint");
    }

    private JsonNode post(BankConfig bank, String url, Map<String, String> form, String what) throws BankException {
        SimpleHttpRequest request = TokenEndpointRequest.post(http, url);
        form.forEach(request::param);
        authenticate(bank, request);
        try (SimpleHttpResponse response = BankHttp.exchange(bank, request)) {
            int status = response.getStatus();
            if (BankHttp.refusal(status)) {
                throw BankException.refused("bank " + what + " answered " + status);
            }
            if (status / 100 != 2) {
                throw BankException.unavailable("bank " + what + " answered " + status, null);
            }
            return status == 200 ? response.asJson() : null;
        } catch (IOException e) {
            throw BankException.unavailable("bank " + what + " unreachable", e);
        }
    }

    private void authenticate(BankConfig bank, SimpleHttpRequest request) {
        switch (bank.clientAuth()) {
            case CLIENT_SECRET_BASIC -> request.authBasic(bank.clientId(), bank.clientSecret());
            case CLIENT_SECRET_POST -> request.param(OAuth2Constants.CLIENT_ID, bank.clientId())
                    .param(OAuth2Constants.CLIENT_SECRET, bank.clientSecret());
            case PRIVATE_KEY_JWT -> request.param(OAuth2Constants.CLIENT_ID, bank.clientId())
                    .param(OAuth2Constants.CLIENT_ASSERTION_TYPE, OAuth2Constants.CLIENT_ASSERTION_TYPE_JWT)
                    .param(OAuth2Constants.CLIENT_ASSERTION, clientAssertion(bank));
            case TLS_CLIENT_AUTH -> request.param(OAuth2Constants.CLIENT_ID, bank.clientId());
        }
    }

    private String clientAssertion(BankConfig bank) {
        JsonWebToken assertion = new JsonWebToken()
                .id(UUID.randomUUID().toString())
                .issuer(bank.clientId())
                .subject(bank.clientId())
                .audience(bank.tokenUrl())
                .iat((long) Time.currentTime())
                .exp((long) Time.currentTime() + 60);
        String algorithm = session.tokens().signatureAlgorithm(TokenCategory.ACCESS);
        SignatureSignerContext signer = session.getProvider(SignatureProvider.class, algorithm).signer();
        return new JWSBuilder().type("JWT").jsonContent(assertion).sign(signer);
    }

    private static BankTokens tokens(JsonNode json) throws BankException {
        String accessToken = json == null ? null : json.path("access_token").asText(null);
        if (accessToken == null) {
            throw BankException.unavailable("bank token response has no access_token", null);
        }
        Instant expiresAt = json.has("expires_in") ? Instant.now().plusSeconds(json.get("expires_in").asLong()) : null;
        return new BankTokens(accessToken, json.path("refresh_token").asText(null), expiresAt);
    }
}
