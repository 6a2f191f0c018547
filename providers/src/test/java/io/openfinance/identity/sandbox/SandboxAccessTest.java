package io.openfinance.identity.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SandboxAccessTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final List<Map<String, Object>> BOOK = List.of(
            Map.of("id", "old", "bookedAt", NOW.minus(Duration.ofDays(120)).toString(), "status", "booked"),
            Map.of("id", "recent", "bookedAt", NOW.minus(Duration.ofDays(10)).toString(), "status", "pending"));

    @Test
    void theWholeHistoryOnlyJustAfterTheConsentThenTheLast90Days() {
        Duration window = Duration.ofMinutes(5);
        Duration aDay = Duration.ofDays(1);

        assertEquals(List.of("old", "recent"), ids(new SandboxAccess(NOW.minusSeconds(60), NOW, window, aDay).served(BOOK)));
        assertEquals(List.of("recent"), ids(new SandboxAccess(NOW.minusSeconds(301), NOW, window, aDay).served(BOOK)));
    }

    @Test
    void aPendingTransactionBooksUnderItsOwnIdAfterTheDelay() {
        SandboxAccess early = new SandboxAccess(NOW.minusSeconds(60), NOW, Duration.ofMinutes(5), Duration.ofHours(1));
        SandboxAccess late = new SandboxAccess(NOW.minus(Duration.ofHours(2)), NOW, Duration.ofMinutes(5), Duration.ofHours(1));

        assertEquals("pending", early.served(BOOK).get(1).get("status"));
        assertEquals("booked", late.served(BOOK).get(0).get("status"));
        assertEquals("recent", late.served(BOOK).get(0).get("id"));
    }

    private static List<Object> ids(List<Map<String, Object>> transactions) {
        return transactions.stream().map(t -> t.get("id")).toList();
    }
}
