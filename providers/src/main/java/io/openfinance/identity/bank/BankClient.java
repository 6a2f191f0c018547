package io.openfinance.identity.bank;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.UriBuilder;

import io.openfinance.identity.store.BankTokens;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.utils.PkceUtils;

/** OAuth 2 with PKCE towards a bank, and reads from its data API, over Keycloak's own HTTP client. */
public final class BankClient {

    private static final long MAX_RESPONSE_BYTES = 1024 * 1024;

    private final KeycloakSession session;

    public BankClient(KeycloakSession session) {
        this.session = session;
    }

    public URI authorizationUri(Bank bank, String redirectUri, String state, String codeVerifier) {
        return UriBuilder.fromUri(bank.authorizationUrl())
                .queryParam("response_type", "code")
                .queryParam("client_id", bank.clientId())
                .queryParam("redirect_uri", redirectUri)
                .queryParam("scope", bank.scopes())
                .queryParam("state", state)
                .queryParam("code_challenge", PkceUtils.encodeCodeChallenge(codeVerifier, "S256"))
                .queryParam("code_challenge_method", "S256")
                .build();
    }

    public BankTokens exchangeCode(Bank bank, String code, String redirectUri, String codeVerifier) throws BankException {
        return tokenRequest(bank, Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", redirectUri, "code_verifier", codeVerifier));
    }

    public BankTokens refresh(Bank bank, String refreshToken) throws BankException {
        return tokenRequest(bank, Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    public JsonNode get(Bank bank, String path, Map<String, String> query, String accessToken) throws BankException {
        UriBuilder uri = UriBuilder.fromUri(bank.dataApiUrl()).path(path);
        query.forEach(uri::queryParam);
        SimpleHttpRequest request = http().doGet(uri.build().toString()).auth(accessToken).acceptJson();
        try (SimpleHttpResponse response = request.asResponse()) {
            if (response.getStatus() == 401 || response.getStatus() == 403) {
                throw BankException.refused("bank data API answered " + response.getStatus());
            }
            if (response.getStatus() != 200) {
                throw BankException.unavailable("bank data API answered " + response.getStatus(), null);
            }
            return response.asJson();
        } catch (IOException e) {
            throw BankException.unavailable("bank data API unreachable", e);
        }
    }

    private BankTokens tokenRequest(Bank bank, Map<String, String> form) throws BankException {
        SimpleHttpRequest request = http().doPost(bank.tokenUrl()).authBasic(bank.clientId(), bank.clientSecret()).acceptJson();
        form.forEach(request::param);
        try (SimpleHttpResponse response = request.asResponse()) {
            int status = response.getStatus();
            if (status >= 400 && status < 500) {
                throw BankException.refused("bank token endpoint answered " + status);
            }
            if (status != 200) {
                throw BankException.unavailable("bank token endpoint answered " + status, null);
            }
            JsonNode json = response.asJson();
            String accessToken = json.path("access_token").asText(null);
            if (accessToken == null) {
                throw BankException.unavailable("bank token response has no access_token", null);
            }
            Instant expiresAt = json.has("expires_in") ? Instant.now().plusSeconds(json.get("expires_in").asLong()) : null;
            return new BankTokens(accessToken, json.path("refresh_token").asText(null), expiresAt);
        } catch (IOException e) {
            throw BankException.unavailable("bank token endpoint unreachable", e);
        }
    }

    private SimpleHttp http() {
        return SimpleHttp.create(session).withMaxConsumedResponseSize(MAX_RESPONSE_BYTES);
    }
}
