package io.openfinance.identity.ukob;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankException;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.AsymmetricSignatureSignerContext;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.KeycloakSession;

/**
 * PS256 signatures with a key of this realm, the one registered at the bank (its public half published in our JWKS
 * or the OB directory): the key with the id in {@value #SIGNING_KEY_ID} when set, else the realm's active PS256 key.
 */
final class ObSigner {

    static final String SIGNING_KEY_ID = "signingKeyId";

    private final KeycloakSession session;

    ObSigner(KeycloakSession session) {
        this.session = session;
    }

    String sign(BankConfig bank, Object claims) throws BankException {
        return new JWSBuilder().type("JWT").jsonContent(claims).sign(new AsymmetricSignatureSignerContext(key(bank)));
    }

    /** The realm's key the bank's signatures are made with. @throws BankException when the realm has no such key */
    KeyWrapper key(BankConfig bank) throws BankException {
        String kid = bank.settings().get(SIGNING_KEY_ID);
        KeyWrapper key = kid == null || kid.isBlank()
                ? session.keys().getActiveKey(session.getContext().getRealm(), KeyUse.SIG, Algorithm.PS256)
                : session.keys().getKey(session.getContext().getRealm(), kid, KeyUse.SIG, Algorithm.PS256);
        if (key == null) {
            throw BankException.unavailable("bank " + bank.id() + ": this realm has no PS256 signing key"
                    + (kid == null ? "" : " " + kid), null);
        }
        return key;
    }
}
