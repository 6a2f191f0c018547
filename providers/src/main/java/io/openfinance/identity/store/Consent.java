package io.openfinance.identity.store;

import java.time.Instant;
import java.util.Set;

import io.openfinance.identity.scope.DataScope;

/** What a user agreed to on the consent page: which data, until when, and transactions from when (null: all). */
public record Consent(Set<DataScope> dataScopes, Instant expiresAt, Instant transactionsFrom) {
}
