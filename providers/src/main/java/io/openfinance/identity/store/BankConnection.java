package io.openfinance.identity.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.scope.ScopeParameter;

/** What the rest of the extension sees of a stored connection: no bank tokens. */
public record BankConnection(String id, String profileId, String bankId, Instant createdAt, Instant consentedAt,
                             Instant consentExpiresAt, Instant transactionsFrom, Set<DataScope> dataScopes,
                             Instant lastReadAt, ConnectionError error, List<String> accountIds) {

    /** Why the last call to the bank for this connection failed; cleared by the next success. */
    public enum ConnectionError {
        /** The bank refused our stored tokens: the user must re-authorise. */
        CREDENTIALS_ERROR,
        /** The bank failed or could not be reached. */
        SYNC_ERROR;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static ConnectionError of(String stored) {
            return stored == null ? null : valueOf(stored);
        }
    }

    static BankConnection of(BankConnectionEntity entity) {
        return new BankConnection(entity.getId(), entity.getProfileId(), entity.getBankId(),
                Instant.ofEpochMilli(entity.getCreatedAt()),
                Instant.ofEpochMilli(entity.getConsentedAt() == null ? entity.getCreatedAt() : entity.getConsentedAt()),
                Instant.ofEpochMilli(entity.getConsentExpiresAt()), instant(entity.getTransactionsFrom()),
                ScopeParameter.parseDataScopes(entity.getDataScopes()), instant(entity.getLastReadAt()),
                ConnectionError.of(entity.getError()),
                entity.getAccountIds() == null || entity.getAccountIds().isBlank()
                        ? List.of() : List.of(entity.getAccountIds().split(" ")));
    }

    public boolean isLive(Instant now) {
        return consentExpiresAt.isAfter(now);
    }

    /** {@code error} after a failed read, else {@code ok}: the two values partners switch on. */
    public String status() {
        return error != null ? "error" : "ok";
    }

    private static Instant instant(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
    }
}
