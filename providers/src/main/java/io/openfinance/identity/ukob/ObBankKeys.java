package io.openfinance.identity.ukob;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.url.SecureUrl;
import org.keycloak.common.util.PemUtils;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.util.JWKSUtils;
import org.keycloak.util.JsonSerialization;

/**
 * Where the id token of a hybrid-flow bank is checked ({@link ObFrontChannel}): the keys Keycloak's brokering reads
 * from the identity provider's own fields, its JWKS URL when "Use JWKS URL" is on, else its validating public key (a
 * PEM key or a JWKS). The same check runs on save and before each use: keys fetched over plain HTTP from another
 * machine, or none at all, would let anyone on the way sign the token that carries the customer's code.
 */
final class ObBankKeys {

    static final String USE_JWKS_URL = "useJwksUrl";
    static final String JWKS_URL = "jwksUrl";
    static final String PUBLIC_KEY = "publicKeySignatureVerifier";

    private ObBankKeys() {
    }

    /** @throws BankException naming the key setting the hybrid flow cannot check the bank's id token with */
    static void check(BankConfig bank) throws BankException {
        if (Boolean.parseBoolean(bank.settings().get(USE_JWKS_URL))) {
            String url = bank.settings().get(JWKS_URL);
            if (url == null || SecureUrl.parse(url).isEmpty()) {
                throw BankException.unavailable("bank " + bank.id() + ": " + JWKS_URL + " must be " + SecureUrl.RULE
                        + ", not " + url, null);
            }
            return;
        }
        String key = bank.settings().get(PUBLIC_KEY);
        if (key == null || key.isBlank()) {
            throw BankException.unavailable("bank " + bank.id() + " answers by the hybrid flow, whose id token is checked "
                    + "with the bank's keys: turn " + USE_JWKS_URL + " on with its " + JWKS_URL + ", or set " + PUBLIC_KEY, null);
        }
        if (!parses(key.strip())) {
            throw BankException.unavailable("bank " + bank.id() + ": " + PUBLIC_KEY + " is neither a PEM public key "
                    + "(RSA or EC) nor a JWKS with a signing key", null);
        }
    }

    private static boolean parses(String key) {
        try {
            if (key.startsWith("{")) {
                return !JWKSUtils.getKeyWrappersForUse(JsonSerialization.readValue(key, JSONWebKeySet.class), JWK.Use.SIG)
                        .getKeys().isEmpty();
            }
            return decodes(key, "RSA") || decodes(key, "EC");
        } catch (Exception unreadable) {
            return false;
        }
    }

    private static boolean decodes(String pem, String type) {
        try {
            return PemUtils.decodePublicKey(pem, type) != null;
        } catch (RuntimeException notThisType) {
            return false;
        }
    }
}
