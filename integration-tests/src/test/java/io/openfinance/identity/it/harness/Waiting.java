package io.openfinance.identity.it.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for what the server does after it answered: checked every 200 ms until true or the time is up. */
public final class Waiting {

    private Waiting() {
    }

    /** Whether {@code condition} became true within {@code timeout}. */
    public static boolean until(BooleanSupplier condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            sleep(Duration.ofMillis(200));
        }
        return true;
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
