package io.openfinance.identity.ukob;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankException;
import org.keycloak.crypto.KeyUse;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jwk.JWKBuilder;
import org.keycloak.util.JsonSerialization;

/** The bank keys a hybrid-flow bank's id token is checked with, as an admin pastes them: what is a signing key. */
class ObBankKeysTest {

    @Test
    void acceptsAJwksWithASigningKey() throws Exception {
        String keys = jwks(JWKBuilder.create().kid("sig").rsa(rsaKey(), KeyUse.SIG));
        assertDoesNotThrow(() -> ObBankKeys.check(pasted(keys)));
    }

    @Test
    void refusesAJwksWhoseOnlyKeyEncrypts() throws Exception {
        assertRefused(jwks(JWKBuilder.create().kid("enc").rsa(rsaKey(), KeyUse.ENC)));
    }

    @Test
    void refusesWhatIsNoKey() {
        assertRefused("{\"keys\":[]}");
        assertRefused("-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----");
        assertRefused("the bank's key");
    }

    private static void assertRefused(String key) {
        BankException refused = assertThrows(BankException.class, () -> ObBankKeys.check(pasted(key)));
        assertTrue(refused.getMessage().contains("is neither a PEM public key (RSA or EC) nor a JWKS with a signing key"),
                refused.getMessage());
    }

    private static BankConfig pasted(String key) {
        return BankConfig.parse("uk", null, Map.of("authorizationUrl", "https://bank.example/auth",
                "tokenUrl", "https://bank.example/token", "clientId", "us", "clientAuthMethod", "private_key_jwt",
                "dataApiUrl", "https://bank.example/aisp",
                "responseType", "code id_token",
                ObBankKeys.PUBLIC_KEY, key), secret -> secret);
    }

    private static String jwks(JWK key) throws Exception {
        JSONWebKeySet set = new JSONWebKeySet();
        set.setKeys(new JWK[] {key});
        return JsonSerialization.writeValueAsString(set);
    }

    private static PublicKey rsaKey() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair().getPublic();
    }
}
