package io.openfinance.identity.events;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class EventSettingsTest {

    private final EventSettings defaults = new EventSettings(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(30), Duration.ofSeconds(30));

    @Test
    void eachWaitDoublesWithUpToAHalfTakenOffAtRandom() {
        for (int attempt = 1; attempt <= 9; attempt++) {
            long full = 10_000L << (attempt - 1);
            for (int draw = 0; draw < 200; draw++) {
                long wait = defaults.backoff(attempt).toMillis();
                assertTrue(wait >= full / 2 && wait <= full, "attempt " + attempt + ": " + wait + " ms");
            }
        }
    }

    @Test
    void waitsNeverExceedTheLongestEvenAfterManyAttempts() {
        for (int attempt : new int[]{10, 12, 31, 64, 1000, Integer.MAX_VALUE}) {
            long wait = defaults.backoff(attempt).toMillis();
            assertTrue(wait >= 1_800_000 && wait <= 3_600_000, "attempt " + attempt + ": " + wait + " ms");
        }
    }

    @Test
    void aLeaseNoLongerThanAnAttemptMayTakeIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new EventSettings(
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(30),
                EventSettings.TIMEOUT));
        assertTrue(refused.getMessage().contains("lease-seconds"), refused.getMessage());
    }
}
