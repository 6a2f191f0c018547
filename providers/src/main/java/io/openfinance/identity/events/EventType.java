package io.openfinance.identity.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a partner can subscribe to: each names one change of a connection. */
public enum EventType {
    CREATED, RENEWED, DELETED, EXPIRING, EXPIRED, ERROR, SYNCED;

    /** The URN under which the event is a member of a token's {@code events} claim (RFC 8417 asks for a URI). */
    private static final String URN_PREFIX = "urn:openfinance:event:";

    /** {@code connection.created} etc.: how partners name it in their subscription and see it in the events API. */
    public String id() {
        return "connection." + name().toLowerCase(Locale.ROOT);
    }

    public String uri() {
        return URN_PREFIX + id();
    }

    public static Optional<EventType> of(String id) {
        return Arrays.stream(values()).filter(type -> type.id().equals(id)).findFirst();
    }
}
