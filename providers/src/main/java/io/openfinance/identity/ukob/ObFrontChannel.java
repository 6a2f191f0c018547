package io.openfinance.identity.ukob;

import java.nio.charset.StandardCharsets;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.bank.BankRedirect;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.common.VerificationException;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.keys.loader.PublicKeyStorageManager;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.IDToken;

/**
 * The id token a hybrid-flow bank sends beside the code through the browser, which anyone on the way could have
 * changed: its signature is checked with the bank's keys as Keycloak's brokering fetches and caches them (the
 * identity provider's JWKS URL, or its configured public key), then {@link ObIdToken}'s claims, all before the code
 * is spent.
 */
final class ObFrontChannel {

    private static final String CHANNEL = ObIdToken.FRONT_CHANNEL;

    private final KeycloakSession session;

    ObFrontChannel(KeycloakSession session) {
        this.session = session;
    }

    void verify(BankConfig bank, String idToken, String code, BankRedirect redirect, String consentId) throws BankException {
        if (idToken == null) {
            throw BankException.refused("bank sent the code without a front-channel id_token");
        }
        JWSInput jws;
        try {
            jws = new JWSInput(idToken);
        } catch (JWSInputException e) {
            throw BankException.refused(CHANNEL + " is not a JWS");
        }
        String algorithm = jws.getHeader().getRawAlgorithm();
        if (!ObIdToken.ALGORITHMS.contains(algorithm)) {
            throw BankException.refused(CHANNEL + ": algorithm is not PS256 or ES256");
        }
        checkSignature(bank, jws, algorithm);
        IDToken token = ObIdToken.read(jws, CHANNEL);
        ObIdToken.checkDetached(token, algorithm, bank.setting(ObAuthorization.ISSUER_SETTING), bank.clientId(), code,
                redirect.state(), Time.currentTime());
        ObIdToken.checkBinding(token, CHANNEL, redirect.nonce(), consentId);
    }

    private void checkSignature(BankConfig bank, JWSInput jws, String algorithm) throws BankException {
        ObBankKeys.check(bank);
        IdentityProviderModel provider = session.identityProviders().getByAlias(bank.id());
        KeyWrapper key = provider == null ? null : PublicKeyStorageManager.getIdentityProviderKeyWrapper(session,
                session.getContext().getRealm(), new OIDCIdentityProviderConfig(provider), jws);
        if (key == null) {
            throw BankException.refused(CHANNEL + ": signature by a key the bank does not publish");
        }
        boolean valid;
        try {
            valid = session.getProvider(SignatureProvider.class, algorithm).verifier(key)
                    .verify(jws.getEncodedSignatureInput().getBytes(StandardCharsets.UTF_8), jws.getSignature());
        } catch (VerificationException e) {
            valid = false;
        }
        if (!valid) {
            throw BankException.refused(CHANNEL + ": signature does not verify");
        }
    }
}
