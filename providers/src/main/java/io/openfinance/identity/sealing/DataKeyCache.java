package io.openfinance.identity.sealing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Unwrapped data keys, in this node's memory only: never in Infinispan, never in the database. */
final class DataKeyCache {

    private final Map<String, DataKey> byId = new ConcurrentHashMap<>();
    private final Map<String, String> currentOfRealm = new ConcurrentHashMap<>();

    Optional<DataKey> current(String realmId) {
        return Optional.ofNullable(currentOfRealm.get(realmId)).map(byId::get);
    }

    Optional<DataKey> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    DataKey rememberCurrent(DataKey key) {
        byId.put(key.id(), key);
        currentOfRealm.put(key.realmId(), key.id());
        return key;
    }

    void forgetRealm(String realmId) {
        currentOfRealm.remove(realmId);
        byId.values().removeIf(key -> key.realmId().equals(realmId));
    }
}
