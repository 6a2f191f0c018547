package io.openfinance.identity.ledger;

import java.time.Instant;

import io.openfinance.identity.bank.BankAccount;

/** An account from the store: our {@code id}, the connection it came through, and what the bank last said of it. */
public record StoredAccount(String id, String connectionId, BankAccount bank, Instant addedAt, Instant modifiedAt) {
}
