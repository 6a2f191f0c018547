package io.openfinance.identity.bank;

import java.time.Instant;

/** A transaction as a connector reads it from a bank: {@code amountMinor} signed, negative for money out. */
public record BankTransaction(String id, long amountMinor, String currency, Instant bookedAt, String description,
                              boolean pending) {

    public boolean moneyIn() {
        return amountMinor > 0;
    }
}
