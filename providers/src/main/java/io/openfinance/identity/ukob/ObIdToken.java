package io.openfinance.identity.ukob;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import io.openfinance.identity.bank.BankException;
import org.keycloak.crypto.Algorithm;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.jose.jws.crypto.HashUtils;
import org.keycloak.representations.IDToken;

/**
 * The claims that bind a UK bank's id token to one trip of the customer's browser. Whichever channel it came by, it
 * carries our {@code nonce} and names the consent ({@link #checkBinding}); the one the hybrid flow sends through the
 * browser is also a detached signature over that trip's code and state (FAPI 1 Advanced 5.2.2.1, OIDC Core 3.3.2.11),
 * read only once its signature holds ({@link #checkDetached}). Messages name the failed check, never the token.
 */
final class ObIdToken {

    /** FAPI 1 Advanced allows these two only. */
    static final Set<String> ALGORITHMS = Set.of(Algorithm.PS256, Algorithm.ES256);
    static final String FRONT_CHANNEL = "front-channel id_token";

    private ObIdToken() {
    }

    static IDToken read(JWSInput jws, String channel) throws BankException {
        try {
            return jws.readJsonContent(IDToken.class);
        } catch (JWSInputException e) {
            throw BankException.unavailable(channel + " has no readable claims", null);
        }
    }

    /**
     * @param algorithm the token's verified JWS algorithm, which names the hash of {@code c_hash} and {@code s_hash}
     * @param now       seconds since the epoch
     */
    static void checkDetached(IDToken token, String algorithm, String issuer, String clientId, String code, String state,
                              long now) throws BankException {
        String channel = FRONT_CHANNEL;
        if (!issuer.equals(token.getIssuer())) {
            throw BankException.refused(channel + ": iss is not the bank's issuer");
        }
        String[] audience = token.getAudience();
        if (!token.hasAudience(clientId) || audience.length > 1 && !clientId.equals(token.getIssuedFor())) {
            throw BankException.refused(channel + ": aud is not our client id");
        }
        if (token.getExp() == null || now >= token.getExp()) {
            throw BankException.refused(channel + ": exp has passed");
        }
        if (!hashes(token.getStateHash(), algorithm, state)) {
            throw BankException.refused(channel + ": s_hash is not the state's");
        }
        if (!hashes(token.getCodeHash(), algorithm, code)) {
            throw BankException.refused(channel + ": c_hash is not the code's");
        }
    }

    /** The token carries our nonce and the consent the customer was sent to authorise. */
    static void checkBinding(IDToken token, String channel, String nonce, String consentId) throws BankException {
        if (nonce == null || !nonce.equals(token.getNonce())) {
            throw BankException.refused(channel + " does not carry our nonce");
        }
        if (!consentId.equals(token.getOtherClaims().get(ObAuthorization.INTENT_CLAIM))) {
            throw BankException.refused(channel + " is for another consent");
        }
    }

    private static boolean hashes(String claimed, String algorithm, String value) {
        return claimed != null && value != null && MessageDigest.isEqual(claimed.getBytes(StandardCharsets.US_ASCII),
                HashUtils.accessTokenHash(algorithm, value).getBytes(StandardCharsets.US_ASCII));
    }
}
