package io.openfinance.identity.ledger;

import java.time.Instant;

import io.openfinance.identity.bank.BankTransaction;

/** A transaction from the store: our {@code id}, our account's id, and what the bank last said of it. */
public record StoredTransaction(String id, String accountId, String connectionId, BankTransaction bank, Instant modifiedAt) {
}
