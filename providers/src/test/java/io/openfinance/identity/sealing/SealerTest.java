package io.openfinance.identity.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;

import javax.crypto.KeyGenerator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeyManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;

/** Bank tokens at rest, with the realm's AES keys standing in for Keycloak's key manager. */
@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class SealerTest {

    @Mock
    private KeycloakSession session;
    @Mock
    private KeyManager keys;
    @Mock
    private RealmModel realm;

    private final Map<String, KeyWrapper> realmKeys = new HashMap<>();
    private Sealer cipher;

    @BeforeEach
    void realmWithOneActiveKey() throws Exception {
        when(session.keys()).thenReturn(keys);
        when(keys.getKey(eq(realm), anyString(), eq(KeyUse.ENC), eq(Algorithm.AES)))
                .thenAnswer(call -> realmKeys.get(call.<String>getArgument(1)));
        activate(aesKey("first"));
        cipher = new Sealer(session, realm);
    }

    @Test
    void opensWhatItSealedForTheSameConnection() {
        String sealed = cipher.seal("bank-access-token", "connection-1", "token");

        assertFalse(sealed.contains("bank-access-token"));
        assertTrue(sealed.startsWith("first."), "the key id leads, so that rotation keeps older tokens readable");
        assertEquals("bank-access-token", cipher.open(sealed, "connection-1", "token"));
    }

    @Test
    void sealingTwiceGivesTwoCiphertexts() {
        assertNotEquals(cipher.seal("same", "connection-1", "token"), cipher.seal("same", "connection-1", "token"));
    }

    @Test
    void aTokenMovedToAnotherConnectionDoesNotOpen() {
        String sealed = cipher.seal("bank-access-token", "connection-1", "token");

        assertThrows(IllegalStateException.class, () -> cipher.open(sealed, "connection-2", "token"));
    }

    @Test
    void aValueMovedToAnotherFieldDoesNotOpen() {
        String sealed = cipher.seal("bank-access-token", "connection-1", "token");

        assertThrows(IllegalStateException.class, () -> cipher.open(sealed, "connection-1", "refresh"));
    }

    @Test
    void aTamperedTokenDoesNotOpen() {
        String sealed = cipher.seal("bank-access-token", "connection-1", "token");
        int middleOfCiphertext = (sealed.lastIndexOf('.') + sealed.length()) / 2;
        char original = sealed.charAt(middleOfCiphertext);
        String tampered = sealed.substring(0, middleOfCiphertext) + (original == 'A' ? 'B' : 'A')
                + sealed.substring(middleOfCiphertext + 1);

        assertThrows(IllegalStateException.class, () -> cipher.open(tampered, "connection-1", "token"));
    }

    @Test
    void aRotatedKeyStillOpensWhatItSealedWhileItExists() throws Exception {
        String sealedBefore = cipher.seal("old-token", "connection-1", "token");
        activate(aesKey("second"));

        String sealedAfter = cipher.seal("new-token", "connection-1", "token");

        assertTrue(sealedAfter.startsWith("second."));
        assertEquals("old-token", cipher.open(sealedBefore, "connection-1", "token"));
        realmKeys.remove("first");
        assertThrows(IllegalStateException.class, () -> cipher.open(sealedBefore, "connection-1", "token"));
        assertEquals("new-token", cipher.open(sealedAfter, "connection-1", "token"));
    }

    @Test
    void aPlainStoredValueIsRefusedNotReturned() {
        assertThrows(IllegalStateException.class, () -> cipher.open("bank-access-token", "connection-1", "token"));
    }

    @Test
    void noTokenStaysNoToken() {
        assertNull(cipher.seal(null, "connection-1", "token"));
        assertNull(cipher.open(null, "connection-1", "token"));
    }

    private void activate(KeyWrapper key) {
        realmKeys.put(key.getKid(), key);
        when(keys.getActiveKey(realm, KeyUse.ENC, Algorithm.AES)).thenReturn(key);
    }

    private static KeyWrapper aesKey(String kid) throws Exception {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        KeyWrapper key = new KeyWrapper();
        key.setKid(kid);
        key.setAlgorithm(Algorithm.AES);
        key.setUse(KeyUse.ENC);
        key.setSecretKey(generator.generateKey());
        return key;
    }
}
