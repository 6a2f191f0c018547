package io.openfinance.identity.sealing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key-encryption key from outside the database: it wraps the data keys, which seal the values. Its id, stored with
 * each wrapped data key, is a digest of the key (a 256-bit random key cannot be found from it), so that the same key
 * keeps its id whether it is read from a file or a keystore, under any name.
 */
final class KeyEncryptionKey {

    static final int BYTES = 32;

    private final String id;
    private final SecretKey key;

    private KeyEncryptionKey(String id, SecretKey key) {
        this.id = id;
        this.key = key;
    }

    /** @param source names where the key came from, for the error when it is not a 256-bit AES key */
    static KeyEncryptionKey of(byte[] bytes, String source) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException(source + " holds " + bytes.length * 8 + " bits, not a 256-bit key");
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("open-finance key-encryption key id\n".getBytes(StandardCharsets.US_ASCII));
            byte[] digest = sha256.digest(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
            return new KeyEncryptionKey(id, new SecretKeySpec(bytes, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String id() {
        return id;
    }

    /** A data key wrapped for one realm: the wrapped key only unwraps as the data key it was made for. */
    byte[] wrap(DataKey dataKey) {
        try {
            return Aead.seal(key, dataKey.key().getEncoded(), context(dataKey.id(), dataKey.realmId()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Data key " + dataKey.id() + " could not be wrapped", e);
        }
    }

    DataKey unwrap(String dataKeyId, String realmId, byte[] wrapped) {
        try {
            byte[] bytes = Aead.open(key, wrapped, context(dataKeyId, realmId));
            return new DataKey(dataKeyId, realmId, new SecretKeySpec(bytes, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Data key " + dataKeyId + " does not unwrap with key-encryption key " + id, e);
        }
    }

    private static String context(String dataKeyId, String realmId) {
        return "open-finance data key\n" + dataKeyId + "\n" + realmId;
    }
}
