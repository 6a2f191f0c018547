package io.openfinance.identity.store;

import java.time.Instant;

/**
 * Tokens a bank issued for one connection, and the bank's id of the grant they were issued for ({@code grantId},
 * e.g. a UK Open Banking {@code ConsentId}; null when the bank has none, kept across refreshes). Only the bank
 * client and the store handle them; never logged.
 */
public record BankTokens(String accessToken, String refreshToken, Instant expiresAt, String grantId) {

    public BankTokens(String accessToken, String refreshToken, Instant expiresAt) {
        this(accessToken, refreshToken, expiresAt, null);
    }

    public BankTokens withGrantId(String grantId) {
        return new BankTokens(accessToken, refreshToken, expiresAt, grantId);
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now.plusSeconds(10));
    }

    @Override
    public String toString() {
        return "BankTokens[expiresAt=" + expiresAt + "]";
    }
}
