package io.openfinance.identity.sealing;

import javax.crypto.SecretKey;

/** A realm's AES-256 key that seals values; stored only wrapped by a key-encryption key. */
public record DataKey(String id, String realmId, SecretKey key) {

    static DataKey generate(String id, String realmId) {
        return new DataKey(id, realmId, Aead.randomKey());
    }
}
