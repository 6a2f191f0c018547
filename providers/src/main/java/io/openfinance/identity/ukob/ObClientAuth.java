package io.openfinance.identity.ukob;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankConfig.ClientAuth;
import io.openfinance.identity.bank.BankException;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Time;
import org.keycloak.http.simple.SimpleHttpRequest;

/**
 * How we authenticate at a UK bank's authorization server (token and pushed-authorization endpoints), as FAPI 1
 * Advanced allows: {@code private_key_jwt} signed PS256 ({@code aud} the token endpoint, which the bank accepts at
 * each of its endpoints), or {@code tls_client_auth}, where the transport certificate is the credential and the form
 * only names the client.
 */
final class ObClientAuth {

    private static final int ASSERTION_LIFETIME_SECONDS = 60;

    private final ObSigner signer;

    ObClientAuth(ObSigner signer) {
        this.signer = signer;
    }

    /** @throws BankException unless the bank's client authentication is one of the two FAPI allows */
    static void check(BankConfig bank) throws BankException {
        if (bank.clientAuth() != ClientAuth.PRIVATE_KEY_JWT && bank.clientAuth() != ClientAuth.TLS_CLIENT_AUTH) {
            throw BankException.unavailable("bank " + bank.id()
                    + ": uk-ob-ais authenticates by private_key_jwt or tls_client_auth only", null);
        }
    }

    void authenticate(BankConfig bank, SimpleHttpRequest request) throws BankException {
        check(bank);
        request.param(OAuth2Constants.CLIENT_ID, bank.clientId());
        if (bank.clientAuth() == ClientAuth.PRIVATE_KEY_JWT) {
            request.param(OAuth2Constants.CLIENT_ASSERTION_TYPE, OAuth2Constants.CLIENT_ASSERTION_TYPE_JWT)
                    .param(OAuth2Constants.CLIENT_ASSERTION, assertion(bank));
        }
    }

    private String assertion(BankConfig bank) throws BankException {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", bank.clientId());
        claims.put("sub", bank.clientId());
        claims.put("aud", bank.tokenUrl());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iat", Time.currentTime());
        claims.put("exp", Time.currentTime() + ASSERTION_LIFETIME_SECONDS);
        return signer.sign(bank, claims);
    }
}
