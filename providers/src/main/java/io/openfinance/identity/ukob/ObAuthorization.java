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
 * voluntary: a bank that cannot name its level still authenticates the customer its way). The bank's
 * {@value #RESPONSE_TYPE_SETTING} picks the response: the code flow with {@code response_mode=query} ({@code code}, the
 * default) or the hybrid flow with {@code response_mode=fragment} ({@value #HYBRID}), whose id token
 * {@link ObFrontChannel} checks. The request object's {@code aud} is the bank's issuer (the console's Issuer field).
 * It goes in the front channel, or pushed to the bank first where the bank takes {@link ObPushedAuthorization}.
 */
final class ObAuthorization {

    static final String INTENT_CLAIM = "openbanking_intent_id";
    static final List<String> ACR_VALUES = List.of("urn:openbanking:psd2:sca");
    static final String ISSUER_SETTING = "issuer";
    static final String RESPONSE_TYPE_SETTING = "responseType";
    static final String HYBRID = "code id_token";
    private static final int REQUEST_OBJECT_LIFETIME_SECONDS = 300;

    private final ObSigner signer;
    private final ObPushedAuthorization pushed;

    ObAuthorization(ObSigner signer, ObPushedAuthorization pushed) {
        this.signer = signer;
        this.pushed = pushed;
    }

    /** Whether the bank answers by the hybrid flow. @throws BankException when its setting is neither response type */
    static boolean hybrid(BankConfig bank) throws BankException {
        String responseType = bank.settings().getOrDefault(RESPONSE_TYPE_SETTING, OAuth2Constants.CODE);
        if (!responseType.equals(OAuth2Constants.CODE) && !responseType.equals(HYBRID)) {
            throw BankException.unavailable("bank " + bank.id() + ": " + RESPONSE_TYPE_SETTING + " is neither "
                    + OAuth2Constants.CODE + " nor " + HYBRID, null);
        }
        return responseType.equals(HYBRID);
    }

    URI uri(BankConfig bank, BankRedirect redirect, String consentId) throws BankException {
        boolean hybrid = hybrid(bank);
        String responseType = hybrid ? HYBRID : OAuth2Constants.CODE;
        String scope = "openid " + ObTokenEndpoint.ACCOUNTS_SCOPE;
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("iss", bank.clientId());
        request.put("aud", bank.setting(ISSUER_SETTING));
        request.put("jti", UUID.randomUUID().toString());
        request.put("iat", Time.currentTime());
        request.put("nbf", Time.currentTime());
        request.put("exp", Time.currentTime() + REQUEST_OBJECT_LIFETIME_SECONDS);
        request.put(OAuth2Constants.RESPONSE_TYPE, responseType);
        request.put("response_mode", hybrid ? "fragment" : "query");
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
                .queryParam(OAuth2Constants.RESPONSE_TYPE, responseType)
                .queryParam(OAuth2Constants.CLIENT_ID, bank.clientId())
                .queryParam(OAuth2Constants.SCOPE, scope)
                .queryParam("request", requestObject)
                .build();
    }
}
