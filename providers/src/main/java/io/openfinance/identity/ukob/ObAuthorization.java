package io.openfinance.identity.ukob;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.core.UriBuilder;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.bank.BankRedirect;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Time;
import org.keycloak.protocol.oidc.utils.PkceUtils;

/**
 * The customer's authorisation request to a UK bank: everything in a PS256-signed request object, which asks for
 * an id token naming the consent ({@value #INTENT_CLAIM}, essential) after strong customer authentication ({@code acr},
 * voluntary: a bank that cannot name its level still authenticates the customer its way); code flow with
 * {@code response_mode=query}. The request object's {@code aud} is the bank's issuer (the console's Issuer field).
 * It goes in the front channel, or pushed to the bank first where the bank takes {@link ObPushedAuthorization}.
 */
final class ObAuthorization {

    static final String INTENT_CLAIM = "openbanking_intent_id";
    static final List<String> ACR_VALUES = List.of("urn:openbanking:psd2:sca");
    static final String ISSUER_SETTING = "issuer";
    private static final int REQUEST_OBJECT_LIFETIME_SECONDS = 300;

    private final ObSigner signer;
    private final ObPushedAuthorization pushed;

    ObAuthorization(ObSigner signer, ObPushedAuthorization pushed) {
        this.signer = signer;
        this.pushed = pushed;
    }

    URI uri(BankConfig bank, BankRedirect redirect, String consentId) throws BankException {
        String scope = "openid " + ObTokenEndpoint.ACCOUNTS_SCOPE;
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("iss", bank.clientId());
        request.put("aud", bank.setting(ISSUER_SETTING));
        request.put("jti", UUID.randomUUID().toString());
        request.put("iat", Time.currentTime());
        request.put("nbf", Time.currentTime());
        request.put("exp", Time.currentTime() + REQUEST_OBJECT_LIFETIME_SECONDS);
        request.put(OAuth2Constants.RESPONSE_TYPE, OAuth2Constants.CODE);
        request.put("response_mode", "query");
        request.put(OAuth2Constants.CLIENT_ID, bank.clientId());
        request.put(OAuth2Constants.REDIRECT_URI, redirect.redirectUri());
        request.put(OAuth2Constants.SCOPE, scope);
        request.put(OAuth2Constants.STATE, redirect.state());
        request.put("nonce", redirect.nonce());
        if (bank.pkce()) {
            request.put(OAuth2Constants.CODE_CHALLENGE, PkceUtils.encodeCodeChallenge(redirect.codeVerifier(), bank.pkceMethod()));
            request.put(OAuth2Constants.CODE_CHALLENGE_METHOD, bank.pkceMethod());
        }
        Map<String, Object> intent = Map.of("value", consentId, "essential", true);
        request.put("claims", Map.of(
                "id_token", Map.of(INTENT_CLAIM, intent, "acr", Map.of("essential", false, "values", ACR_VALUES)),
                "userinfo", Map.of(INTENT_CLAIM, intent)));
        String requestObject = signer.sign(bank, request);
        if (ObPushedAuthorization.configured(bank)) {
            return pushed.push(bank, (String) request.get(OAuth2Constants.RESPONSE_TYPE), scope, requestObject);
        }
        return UriBuilder.fromUri(bank.authorizationUrl())
                .queryParam(OAuth2Constants.RESPONSE_TYPE, OAuth2Constants.CODE)
                .queryParam(OAuth2Constants.CLIENT_ID, bank.clientId())
                .queryParam(OAuth2Constants.SCOPE, scope)
                .queryParam("request", requestObject)
                .build();
    }
}
