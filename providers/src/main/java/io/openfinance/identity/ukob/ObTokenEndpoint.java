package io.openfinance.identity.ukob;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.bank.BankHttp;
import io.openfinance.identity.bank.TokenEndpointRequest;
import io.openfinance.identity.store.BankTokens;
import org.keycloak.OAuth2Constants;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;

/**
 * The bank's token endpoint, authenticated as {@link ObClientAuth} says: a {@code client_credentials} token for the
 * consent resource, the customer's tokens for the code, and their refresh.
 */
final class ObTokenEndpoint {

    static final String ACCOUNTS_SCOPE = "accounts";

    private final SimpleHttp http;
    private final ObClientAuth clientAuth;

    ObTokenEndpoint(SimpleHttp http, ObClientAuth clientAuth) {
        this.http = http;
        this.clientAuth = clientAuth;
    }

    String clientCredentials(BankConfig bank) throws BankException {
        return post(bank, Map.of(OAuth2Constants.GRANT_TYPE, OAuth2Constants.CLIENT_CREDENTIALS,
                OAuth2Constants.SCOPE, ACCOUNTS_SCOPE)).path("access_token").asText();
    }

    /** The customer's tokens; the id token given with them must carry our nonce and the consent it was issued for. */
    BankTokens code(BankConfig bank, String code, String redirectUri, String codeVerifier, String nonce, String consentId)
            throws BankException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(OAuth2Constants.GRANT_TYPE, OAuth2Constants.AUTHORIZATION_CODE);
        form.put(OAuth2Constants.CODE, code);
        form.put(OAuth2Constants.REDIRECT_URI, redirectUri);
        if (bank.pkce()) {
            form.put(OAuth2Constants.CODE_VERIFIER, codeVerifier);
        }
        JsonNode answer = post(bank, form);
        checkIdToken(answer.path("id_token").asText(null), nonce, consentId);
        return tokens(answer).withGrantId(consentId);
    }

    BankTokens refresh(BankConfig bank, String refreshToken) throws BankException {
        return tokens(post(bank, Map.of(OAuth2Constants.GRANT_TYPE, OAuth2Constants.REFRESH_TOKEN,
                OAuth2Constants.REFRESH_TOKEN, refreshToken)));
    }

    /**
     * The id token came over the TLS back channel from the endpoint we called (OIDC Core 3.1.3.7 lets its signature
     * go unchecked there); its claims must still bind it to this flow.
     */
    private static void checkIdToken(String idToken, String nonce, String consentId) throws BankException {
        if (idToken == null) {
            throw BankException.unavailable("bank token response has no id_token", null);
        }
        JWSInput jws;
        try {
            jws = new JWSInput(idToken);
        } catch (JWSInputException e) {
            throw BankException.unavailable("bank id_token is not a JWS", null);
        }
        ObIdToken.checkBinding(ObIdToken.read(jws, "bank id_token"), "bank id_token", nonce, consentId);
    }

    private JsonNode post(BankConfig bank, Map<String, String> form) throws BankException {
        SimpleHttpRequest request = TokenEndpointRequest.post(http, bank.tokenUrl());
        form.forEach(request::param);
        clientAuth.authenticate(bank, request);
        try (SimpleHttpResponse response = BankHttp.exchange(bank, request)) {
            int status = response.getStatus();
            if (BankHttp.refusal(status)) {
                throw BankException.refused("bank token endpoint answered " + status);
            }
            if (status != 200) {
                throw BankException.unavailable("bank token endpoint answered " + status, null);
            }
            JsonNode json = response.asJson();
            if (!json.path("access_token").isTextual()) {
                throw BankException.unavailable("bank token response has no access_token", null);
            }
            return json;
        } catch (IOException e) {
            throw BankException.unavailable("bank token endpoint unreachable", e);
        }
    }

    private static BankTokens tokens(JsonNode json) {
        JsonNode expiresIn = json.path("expires_in");
        return new BankTokens(json.path("access_token").asText(), json.path("refresh_token").asText(null),
                expiresIn.canConvertToLong() ? Instant.now().plusSeconds(expiresIn.asLong()) : null);
    }
}
