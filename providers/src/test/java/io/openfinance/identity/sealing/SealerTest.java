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

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.spec.GCMParameterSpec;

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

/** Values sealed under a realm's data key, itself stored only wrapped by a key-encryption key. */
@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class SealerTest {

    @Mock
    private KeycloakSession session;
    @Mock
    private KeyManager realmKeys;
    @Mock
    private RealmModel realm;
    @Mock
    private RealmModel otherRealm;

    private final StoredDataKeys table = new StoredDataKeys();
    private final KeyEncryptionKey kek1 = randomKek();
    private final KeyEncryptionKey kek2 = randomKek();
    private Sealer sealer;

    @BeforeEach
    void oneNodeWithOneKeyEncryptionKey() {
        when(realm.getId()).thenReturn("realm-1");
        when(otherRealm.getId()).thenReturn("realm-2");
        when(session.keys()).thenReturn(realmKeys);
        runWith(new KeyEncryptionKeys(kek1, List.of()));
        sealer = new Sealer(session, realm);
    }

    @Test
    void opensWhatItSealedForTheSameRowAndField() {
        String sealed = sealer.seal("bank-access-token", "connection-1", "token");

        assertFalse(sealed.contains("bank-access-token"));
        String dataKeyId = table.byRealm.get("realm-1").id();
        assertTrue(sealed.startsWith("v2." + dataKeyId + "."), "format version and data key id lead: " + sealed);
        assertEquals("bank-access-token", sealer.open(sealed, "connection-1", "token"));
    }

    @Test
    void theDatabaseHoldsTheDataKeyOnlyWrapped() {
        sealer.seal("bank-access-token", "connection-1", "token");
        StoredDataKeys.Row row = table.byRealm.get("realm-1");
        byte[] wrapped = Base64.getDecoder().decode(row.wrapped());
        byte[] dataKey = runWith(new KeyEncryptionKeys(kek1, List.of())).current(realm).key().getEncoded();

        assertEquals(kek1.id(), row.kekId());
        assertFalse(contains(wrapped, dataKey), "the data key in clear in its row");
    }

    @Test
    void sealingTwiceGivesTwoCiphertexts() {
        assertNotEquals(sealer.seal("same", "connection-1", "token"), sealer.seal("same", "connection-1", "token"));
    }

    @Test
    void aValueMovedToAnotherRowDoesNotOpen() {
        String sealed = sealer.seal("bank-access-token", "connection-1", "token");

        assertThrows(IllegalStateException.class, () -> sealer.open(sealed, "connection-2", "token"));
    }

    @Test
    void aValueMovedToAnotherFieldDoesNotOpen() {
        String sealed = sealer.seal("bank-access-token", "connection-1", "bank-access-token");

        assertThrows(IllegalStateException.class, () -> sealer.open(sealed, "connection-1", "bank-refresh-token"));
    }

    @Test
    void aValueMovedToAnotherRealmDoesNotOpen() {
        String sealed = sealer.seal("bank-access-token", "connection-1", "token");
        new Sealer(session, otherRealm).seal("other", "connection-9", "token");

        assertThrows(IllegalStateException.class, () -> new Sealer(session, otherRealm).open(sealed, "connection-1", "token"));
    }

    @Test
    void aTamperedValueDoesNotOpen() {
        String sealed = sealer.seal("bank-access-token", "connection-1", "token");
        int middle = (sealed.lastIndexOf('.') + sealed.length()) / 2;
        String tampered = sealed.substring(0, middle) + (sealed.charAt(middle) == 'A' ? 'B' : 'A') + sealed.substring(middle + 1);

        assertThrows(IllegalStateException.class, () -> sealer.open(tampered, "connection-1", "token"));
    }

    @Test
    void aTamperedWrappedDataKeyDoesNotUnwrap() {
        String sealed = sealer.seal("bank-access-token", "connection-1", "token");
        StoredDataKeys.Row row = table.byRealm.get("realm-1");
        byte[] wrapped = Base64.getDecoder().decode(row.wrapped());
        wrapped[wrapped.length / 2] ^= 1;
        table.byRealm.put("realm-1", new StoredDataKeys.Row(row.id(), row.realmId(), row.kekId(), Base64.getEncoder().encodeToString(wrapped)));
        runWith(new KeyEncryptionKeys(kek1, List.of()));

        assertThrows(IllegalStateException.class, () -> sealer.open(sealed, "connection-1", "token"));
    }

    @Test
    void aRotatedKeyEncryptionKeyOpensOldValuesUntilTheDataKeyIsRewrapped() {
        String sealedUnderKek1 = sealer.seal("old-token", "connection-1", "token");

        runWith(new KeyEncryptionKeys(kek2, List.of(kek1)));
        assertEquals("old-token", sealer.open(sealedUnderKek1, "connection-1", "token"), "the previous key still unwraps");
        String sealedAfter = sealer.seal("new-token", "connection-1", "token");

        runWith(new KeyEncryptionKeys(kek2, List.of()));
        assertThrows(IllegalStateException.class, () -> sealer.open(sealedUnderKek1, "connection-1", "token"),
                "without the previous key and before the re-wrap, nothing opens");

        rewrapUnder(kek1, kek2);
        assertEquals("old-token", sealer.open(sealedUnderKek1, "connection-1", "token"));
        assertEquals("new-token", sealer.open(sealedAfter, "connection-1", "token"));
    }

    @Test
    void aWrongKeyEncryptionKeyOpensNothing() {
        String sealed = sealer.seal("bank-access-token", "connection-1", "token");
        StoredDataKeys.Row row = table.byRealm.get("realm-1");
        table.byRealm.put("realm-1", new StoredDataKeys.Row(row.id(), row.realmId(), kek2.id(), row.wrapped()));
        runWith(new KeyEncryptionKeys(kek2, List.of()));

        assertThrows(IllegalStateException.class, () -> sealer.open(sealed, "connection-1", "token"));
    }

    @Test
    void aValueSealedTheOldWayUnderTheRealmAesKeyStillOpens() throws Exception {
        KeyWrapper realmAesKey = realmAesKey("legacy-kid");
        when(realmKeys.getKey(eq(realm), anyString(), eq(KeyUse.ENC), eq(Algorithm.AES)))
                .thenAnswer(call -> "legacy-kid".equals(call.getArgument(1)) ? realmAesKey : null);
        String legacy = sealTheOldWay(realmAesKey, "bank-refresh-token", "connection-1");

        assertEquals("bank-refresh-token", sealer.open(legacy, "connection-1", "bank-refresh-token"));
        assertThrows(IllegalStateException.class, () -> sealer.open(legacy, "connection-2", "bank-refresh-token"));
        assertTrue(sealer.seal(sealer.open(legacy, "connection-1", "f"), "connection-1", "f").startsWith(Sealer.FORMAT),
                "re-sealed the current way");
    }

    @Test
    void aPlainStoredValueIsRefusedNotReturned() {
        assertThrows(IllegalStateException.class, () -> sealer.open("bank-access-token", "connection-1", "token"));
        assertThrows(IllegalStateException.class, () -> sealer.open("v2.bank-access-token", "connection-1", "token"));
    }

    @Test
    void noValueStaysNoValue() {
        assertNull(sealer.seal(null, "connection-1", "token"));
        assertNull(sealer.open(null, "connection-1", "token"));
    }

    /** The node restarts with these key-encryption keys: a fresh in-memory view over the same table. */
    private SealingKeys runWith(KeyEncryptionKeys keks) {
        SealingKeys keys = table.node(keks);
        when(session.getProvider(SealingKeys.class)).thenReturn(keys);
        return keys;
    }

    private void rewrapUnder(KeyEncryptionKey from, KeyEncryptionKey to) {
        StoredDataKeys.Row row = table.byRealm.get("realm-1");
        DataKey key = from.unwrap(row.id(), row.realmId(), Base64.getDecoder().decode(row.wrapped()));
        table.byRealm.put("realm-1", new StoredDataKeys.Row(row.id(), row.realmId(), to.id(), Base64.getEncoder().encodeToString(to.wrap(key))));
    }

    /** As main sealed bank tokens before envelope encryption: {@code kid.iv.ciphertext}, AAD the connection id. */
    private static String sealTheOldWay(KeyWrapper key, String value, String connectionId) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key.getSecretKey(), new GCMParameterSpec(128, iv));
        cipher.updateAAD(connectionId.getBytes(StandardCharsets.UTF_8));
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return key.getKid() + "." + base64.encodeToString(iv) + "." + base64.encodeToString(cipher.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static KeyWrapper realmAesKey(String kid) throws Exception {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        KeyWrapper key = new KeyWrapper();
        key.setKid(kid);
        key.setAlgorithm(Algorithm.AES);
        key.setUse(KeyUse.ENC);
        key.setSecretKey(generator.generateKey());
        return key;
    }

    static KeyEncryptionKey randomKek() {
        return KeyEncryptionKey.of(Aead.randomKey().getEncoded(), "test");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
