package io.openfinance.identity.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.openfinance.identity.bank.BankAccount;
import io.openfinance.identity.bank.BankTransaction;
import io.openfinance.identity.ledger.StoredAccount;
import io.openfinance.identity.ledger.StoredTransaction;

/** The Data API's own shapes: money as {@code {"value": <signed integer in minor units>, "currency"}}, dates ISO 8601. */
final class DataShapes {

    private DataShapes() {
    }

    /** The lighter shape of {@code accounts-list}: what identifies the account and its balance. */
    static Map<String, Object> listedAccount(StoredAccount stored, String providerName, boolean withDetails) {
        BankAccount bank = stored.bank();
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("id", stored.id());
        account.put("accountName", bank.name());
        account.put("type", switch (bank.kind()) {
            case CURRENT -> "cash:current";
            case SAVINGS -> "savings";
            case CARD -> "card";
            case OTHER -> "others";
        });
        account.put("accountType", bank.business() ? "business" : "personal");
        account.put("currency", bank.currency());
        account.put("balance", balance(bank));
        account.put("connectionId", stored.connectionId());
        account.put("providerName", providerName);
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

    static Map<String, Object> account(StoredAccount stored, String providerName, boolean withDetails) {
        Map<String, Object> account = listedAccount(stored, providerName, withDetails);
        Object details = account.remove("details");
        account.put("dateAdded", stored.addedAt().toString());
        account.put("dateModified", stored.modifiedAt().toString());
        if (details != null) {
            account.put("details", details);
        }
        return account;
    }

    static List<Map<String, Object>> balances(StoredAccount stored) {
        return List.of(balance(stored.bank()));
    }

    static Map<String, Object> transaction(StoredTransaction stored) {
        BankTransaction bank = stored.bank();
        String description = bank.description();
        Map<String, Object> transaction = new LinkedHashMap<>();
        transaction.put("id", stored.id());
        transaction.put("accountId", stored.accountId());
        transaction.put("amount", money(bank.amountMinor(), bank.currency()));
        transaction.put("date", bank.bookedAt().toString());
        transaction.put("longDescription", description);
        transaction.put("shortDescription", description.length() <= 32 ? description : description.substring(0, 32));
        transaction.put("status", bank.pending() ? "pending" : "posted");
        transaction.put("dateModified", stored.modifiedAt().toString());
        return transaction;
    }

    private static Map<String, Object> balance(BankAccount bank) {
        return Map.of("amount", money(bank.balanceMinor(), bank.currency()), "date", bank.balanceDate().toString());
    }

    private static Map<String, Object> money(long minorUnits, String currency) {
        Map<String, Object> money = new LinkedHashMap<>();
        money.put("value", minorUnits);
        money.put("currency", currency);
        return money;
    }
}
