package io.openfinance.identity.sealing;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.keycloak.models.RealmModel;

/** The data-key table as a map, for the unit tests: wrapped keys only, unwrapped by whichever key-encryption keys are configured. */
final class StoredDataKeys {

    /** One row: the key-encryption key's id and the wrapped key. */
    record Row(String id, String realmId, String kekId, String wrapped) {
    }

    final Map<String, Row> byRealm = new HashMap<>();

    /** A node's view: its configured key-encryption keys over the shared rows. */
    SealingKeys node(KeyEncryptionKeys keks) {
        return new SealingKeys() {
            @Override
            public DataKey current(RealmModel realm) {
                Row row = byRealm.computeIfAbsent(realm.getId(), realmId -> {
                    DataKey key = DataKey.generate(UUID.randomUUID().toString(), realmId);
                    return new Row(key.id(), realmId, keks.current().id(), Base64.getEncoder().encodeToString(keks.current().wrap(key)));
                });
                return unwrap(keks, row);
            }

            @Override
            public DataKey find(RealmModel realm, String id) {
                Row row = byRealm.get(realm.getId());
                if (row == null || !row.id().equals(id)) {
                    throw new IllegalStateException("no data key " + id);
                }
                return unwrap(keks, row);
            }
        };
    }

    private static DataKey unwrap(KeyEncryptionKeys keks, Row row) {
        KeyEncryptionKey kek = keks.find(row.kekId()).orElseThrow(() -> new IllegalStateException("kek " + row.kekId() + " gone"));
        return kek.unwrap(row.id(), row.realmId(), Base64.getDecoder().decode(row.wrapped()));
    }
}
