package io.openfinance.identity.ukob;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.IDToken;

import io.openfinance.identity.bank.BankException;

class ObIdTokenTest {

    private static final String ISSUER = "https://bank.example/as";
    private static final String CLIENT = "our-client";
    private static final long NOW = 1_800_000_000L;
    // OpenID Connect Core 1.0, appendix A.4: a code and its c_hash (SHA-256, left half)
    private static final String CODE = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk";
    private static final String C_HASH = "LDktKdoQak3Pk0cnXxCltA";
    // the same vector's access token and at_hash, used here as a state and its s_hash (the same hash rule)
    private static final String STATE = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";
    private static final String S_HASH = "77QmUPtjPfzWtF2AnpK9RQ";

    @Test
    void aTokenSignedOverThisCodeAndStateForUsIsAccepted() {
        assertDoesNotThrow(() -> checkDetached(token -> { }));
        assertDoesNotThrow(() -> ObIdToken.checkDetached(honest(), "ES256", ISSUER, CLIENT, CODE, STATE, NOW));
    }

    @Test
    void anotherIssuerIsRefused() {
        refused("iss", token -> token.issuer("https://other.example/as"));
        refused("iss", token -> token.issuer(null));
    }

    @Test
    void aTokenForAnotherClientIsRefused() {
        refused("aud", token -> token.audience("someone-else"));
        refused("aud", token -> token.audience(CLIENT, "someone-else"));
    }

    @Test
    void aTokenForUsAmongOthersNeedsUsAsAuthorizedParty() {
        assertDoesNotThrow(() -> checkDetached(token -> token.audience(CLIENT, "someone-else").issuedFor(CLIENT)));
    }

    @Test
    void anExpiredOrEndlessTokenIsRefused() {
        refused("exp", token -> token.exp(NOW));
        refused("exp", token -> token.exp(null));
    }

    @Test
    void aTokenOverAnotherStateIsRefused() {
        refused("s_hash", token -> token.setStateHash(C_HASH));
        refused("s_hash", token -> token.setStateHash(null));
    }

    @Test
    void aTokenOverAnotherCodeIsRefused() {
        refused("c_hash", token -> token.setCodeHash(S_HASH));
        refused("c_hash", token -> token.setCodeHash(null));
    }

    @Test
    void theBindingNeedsOurNonceAndTheConsent() {
        IDToken token = honest();
        assertDoesNotThrow(() -> ObIdToken.checkBinding(token, "id_token", "our-nonce", "consent-1"));
        assertThrows(BankException.class, () -> ObIdToken.checkBinding(token, "id_token", "another-nonce", "consent-1"));
        assertThrows(BankException.class, () -> ObIdToken.checkBinding(token, "id_token", null, "consent-1"));
        assertThrows(BankException.class, () -> ObIdToken.checkBinding(token, "id_token", "our-nonce", "consent-2"));
    }

    private static IDToken honest() {
        IDToken token = new IDToken();
        token.issuer(ISSUER).audience(CLIENT).exp(NOW + 60);
        token.setCodeHash(C_HASH);
        token.setStateHash(S_HASH);
        token.setNonce("our-nonce");
        token.getOtherClaims().put(ObAuthorization.INTENT_CLAIM, "consent-1");
        return token;
    }

    private static void checkDetached(Consumer<IDToken> change) throws BankException {
        IDToken token = honest();
        change.accept(token);
        ObIdToken.checkDetached(token, "PS256", ISSUER, CLIENT, CODE, STATE, NOW);
    }

    private static void refused(String check, Consumer<IDToken> change) {
        BankException refused = assertThrows(BankException.class, () -> checkDetached(change));
        assertTrue(refused.refused() && refused.getMessage().contains(check), refused.getMessage());
    }
}
