package io.openfinance.identity.data;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.openfinance.identity.bank.BankAccount;
import io.openfinance.identity.bank.BankTransaction;
import io.openfinance.identity.store.BankConnection;

/** The Data API's own shapes: money as {@code {"value": <signed integer in minor units>, "currency"}}, dates ISO 8601. */
final class DataShapes {

    private DataShapes() {
    }

    static Map<String, Object> account(BankConnection connection, String providerName, BankAccount bank, boolean withDetails) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("id", new AccountId(connection.id(), bank.id()).toString());
        account.put("accountName", bank.name());
        account.put("type", switch (bank.kind()) {
            case CURRENT -> "cash:current";
            case SAVINGS -> "savings";
            case CARD -> "card";
            case OTHER -> "others";
        });
        account.put("accountType", bank.business() ? "business" : "personal");
        account.put("currency", bank.currency());
        account.put("balance", Map.of("amount", money(bank.balanceMinor(), bank.currency()), "date", bank.balanceDate().toString()));
        account.put("connectionId", connection.id());
        account.put("providerName", providerName);
        account.put("dateAdded", connection.createdAt().toString());
        account.put("dateModified", Instant.now().toString());
        if (withDetails) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("holderName", bank.details().holderName());
            details.put("sortCode", bank.details().sortCode());
            details.put("accountNumber", bank.details().accountNumber());
            details.put("iban", bank.details().iban());
            account.put("details", details);
        }
        return account;
    }

    static Map<String, Object> transaction(AccountId accountId, BankTransaction bank) {
        String description = bank.description();
        Map<String, Object> transaction = new LinkedHashMap<>();
        transaction.put("id", new TransactionId(accountId, bank.id()).toString());
        transaction.put("accountId", accountId.toString());
        transaction.put("amount", money(bank.amountMinor(), bank.currency()));
        transaction.put("date", bank.bookedAt().toString());
        transaction.put("longDescription", description);
        transaction.put("shortDescription", description.length() <= 32 ? description : description.substring(0, 32));
        transaction.put("status", bank.pending() ? "pending" : "posted");
        transaction.put("dateModified", bank.bookedAt().toString());
        return transaction;
    }

    private static Map<String, Object> money(long minorUnits, String currency) {
        Map<String, Object> money = new LinkedHashMap<>();
        money.put("value", minorUnits);
        money.put("currency", currency);
        return money;
    }
}
