package io.openfinance.identity.bank;

import java.time.LocalDate;

/** An account as a connector reads it from a bank; money in minor units. */
public record BankAccount(String id, String name, Kind kind, boolean business, String currency, long balanceMinor,
                          LocalDate balanceDate, Details details) {

    public enum Kind { CURRENT, SAVINGS, CARD, OTHER }

    /** What only {@code accounts_details:read} shows; any field may be null. */
    public record Details(String holderName, String sortCode, String accountNumber, String iban) {
    }
}
