package io.openfinance.identity.store;

import java.time.Instant;
import java.util.Set;

import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.scope.ScopeParameter;

/** What the rest of the extension sees of a stored connection: no bank tokens. */
public record BankConnection(String id, String profileId, String bankId, Instant createdAt,
                             Instant consentExpiresAt, Instant transactionsFrom, Set<DataScope> dataScopes) {

    static BankConnection of(BankConnectionEntity entity) {
        return new BankConnection(entity.getId(), entity.getProfileId(), entity.getBankId(),
                Instant.ofEpochMilli(entity.getCreatedAt()), Instant.ofEpochMilli(entity.getConsentExpiresAt()),
                entity.getTransactionsFrom() == null ? null : Instant.ofEpochMilli(entity.getTransactionsFrom()),
                ScopeParameter.parseDataScopes(entity.getDataScopes()));
    }

    public boolean isLive(Instant now) {
        return consentExpiresAt.isAfter(now);
    }

    public String status(Instant now) {
        return isLive(now) ? "active" : "expired";
    }
}
