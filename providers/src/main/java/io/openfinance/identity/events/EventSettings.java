package io.openfinance.identity.events;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.keycloak.Config;

/**
 * How events are delivered: how often the worker looks for due events, the retry schedule (exponential backoff
 * from {@code retryInitial} doubling up to {@code retryMax}, with jitter, until {@code retryWindow} after the event),
 * how long delivered and failed events stay listed, and the {@code lease}: how long a delivery round and the events it
 * claimed are a node's before another node may take them over (when that node died mid-round).
 */
public record EventSettings(Duration deliveryInterval, Duration retryInitial, Duration retryMax, Duration retryWindow,
                            Duration retention, Duration lease) {

    /** The longest a partner's endpoint may take to answer: slower counts as a failed attempt. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    public EventSettings {
        if (lease.compareTo(TIMEOUT) <= 0) {
            throw new IllegalArgumentException("lease-seconds must be longer than an attempt may take ("
                    + TIMEOUT.toSeconds() + " s), was " + lease.toSeconds());
        }
    }

    static EventSettings of(Config.Scope config) {
        return new EventSettings(Duration.ofSeconds(config.getLong("deliverySeconds", 5L)),
                Duration.ofSeconds(config.getLong("retryInitialSeconds", 10L)),
                Duration.ofSeconds(config.getLong("retryMaxSeconds", 3600L)),
                Duration.ofHours(config.getLong("retryHours", 24L)),
                Duration.ofDays(config.getLong("retentionDays", 30L)),
                Duration.ofSeconds(config.getLong("leaseSeconds", 30L)));
    }

    /**
     * The wait after the {@code attempts}-th failed attempt: {@code retryInitial · 2^(attempts-1)}, at most
     * {@code retryMax}, of which a random part up to a half is taken off so that partners are not hit in waves.
     */
    public Duration backoff(int attempts) {
        long full = retryInitial.toMillis() << Math.min(Math.max(attempts - 1, 0), 30);
        long capped = Math.min(Math.max(full, 0), retryMax.toMillis());
        return Duration.ofMillis(capped - ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
