package io.openfinance.identity.connection;

import java.time.Duration;

import org.keycloak.Config;

/**
 * How long consents last and how long an authorization request is remembered as used. Set with
 * {@code --spi-authenticator--bank-connection--max-consent-days} (default 90),
 * {@code ...--one-time-consent-hours} (24) and {@code ...--request-once-hours} (24).
 */
public record ConsentPolicy(Duration maxConsent, Duration oneTimeConsent, Duration requestOnce) {

    public static final ConsentPolicy DEFAULT = new ConsentPolicy(Duration.ofDays(90), Duration.ofHours(24), Duration.ofHours(24));

    public ConsentPolicy {
        if (oneTimeConsent.compareTo(maxConsent) > 0 || maxConsent.isNegative() || oneTimeConsent.isNegative() || requestOnce.isNegative()) {
            throw new IllegalArgumentException("Consent durations must be positive and the one-time consent no longer than the maximum");
        }
    }

    static ConsentPolicy from(Config.Scope config) {
        return new ConsentPolicy(
                Duration.ofDays(config.getInt("maxConsentDays", (int) DEFAULT.maxConsent().toDays())),
                Duration.ofHours(config.getInt("oneTimeConsentHours", (int) DEFAULT.oneTimeConsent().toHours())),
                Duration.ofHours(config.getInt("requestOnceHours", (int) DEFAULT.requestOnce().toHours())));
    }
}
