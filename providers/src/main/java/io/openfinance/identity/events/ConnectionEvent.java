package io.openfinance.identity.events;

import java.util.Map;

/**
 * A change of one connection, as its partner learns of it: never a bank token. {@code details} are the
 * type's own fields (e.g. {@code renewal}, {@code error}, {@code expiresAt}).
 */
public record ConnectionEvent(EventType type, String profileId, String connectionId, String bankId,
                              Map<String, String> details) {

    public static ConnectionEvent of(EventType type, String profileId, String connectionId, String bankId) {
        return new ConnectionEvent(type, profileId, connectionId, bankId, Map.of());
    }

    public ConnectionEvent with(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(details);
        more.put(name, value);
        return new ConnectionEvent(type, profileId, connectionId, bankId, Map.copyOf(more));
    }
}
