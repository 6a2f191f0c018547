package io.openfinance.identity.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.models.RealmModel;

/**
 * What the sandbox bank serves of a customer's books, as a real bank under the UK RTS does: transactions older than
 * 90 days only within {@value #FULL_HISTORY_ATTRIBUTE} seconds (default 300) of the customer's consent; pending
 * transactions book, under the same id, {@value #BOOKING_ATTRIBUTE} seconds (default a day) after the consent.
 * Both are realm attributes, so that tests can shorten them.
 */
record SandboxAccess(Instant consentedAt, Instant now, Duration fullHistory, Duration booking) {

    static final String FULL_HISTORY_ATTRIBUTE = "of.sandboxFullHistorySeconds";
    static final String BOOKING_ATTRIBUTE = "of.sandboxBookingSeconds";
    private static final Duration RECENT = Duration.ofDays(90);

    static SandboxAccess of(RealmModel realm, Instant consentedAt) {
        return new SandboxAccess(consentedAt, Instant.now(), seconds(realm, FULL_HISTORY_ATTRIBUTE, 300),
                seconds(realm, BOOKING_ATTRIBUTE, 86_400));
    }

    List<Map<String, Object>> served(List<Map<String, Object>> transactions) {
        boolean wholeHistory = !now.isAfter(consentedAt.plus(fullHistory));
        boolean booked = !now.isBefore(consentedAt.plus(booking));
        Instant oldest = now.minus(RECENT);
        return transactions.stream()
                .filter(t -> wholeHistory || !Instant.parse((String) t.get("bookedAt")).isBefore(oldest))
                .map(t -> booked && "pending".equals(t.get("status")) ? bookedNow(t) : t)
                .toList();
    }

    private static Map<String, Object> bookedNow(Map<String, Object> pending) {
        Map<String, Object> booked = new LinkedHashMap<>(pending);
        booked.put("status", "booked");
        return booked;
    }

    private static Duration seconds(RealmModel realm, String attribute, long absent) {
        String value = realm.getAttribute(attribute);
        return Duration.ofSeconds(value == null ? absent : Long.parseLong(value));
    }
}
