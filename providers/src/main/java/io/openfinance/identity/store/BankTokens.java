package io.openfinance.identity.store;

import java.time.Instant;

/** Tokens a bank issued for one connection. Only the bank client and the store handle them; never logged. */
public record BankTokens(String accessToken, String refreshToken, Instant expiresAt) {

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now.plusSeconds(10));
    }

    @Override
    public String toString() {
        return "BankTokens[expiresAt=" + expiresAt + "]";
    }
}
