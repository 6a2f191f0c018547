package io.openfinance.identity.sealing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The current key-encryption key, which wraps new data keys, and the previous ones, which only unwrap until re-wrapped. */
final class KeyEncryptionKeys {

    private final KeyEncryptionKey current;
    private final Map<String, KeyEncryptionKey> byId = new LinkedHashMap<>();

    KeyEncryptionKeys(KeyEncryptionKey current, List<KeyEncryptionKey> previous) {
        this.current = current;
        byId.put(current.id(), current);
        previous.forEach(kek -> byId.putIfAbsent(kek.id(), kek));
    }

    KeyEncryptionKey current() {
        return current;
    }

    Optional<KeyEncryptionKey> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The ids of the previous keys, in the order configured. */
    List<String> previousIds() {
        return byId.keySet().stream().filter(id -> !id.equals(current.id())).toList();
    }
}
