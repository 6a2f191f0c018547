package io.openfinance.identity.data;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.openfinance.identity.rest.ApiError;
import io.openfinance.identity.store.BankConnection;

/**
 * The Data API's own shapes, made from what a bank answered: money as {@code {"value": <signed integer in
 * minor units>, "currency"}}, never a float; dates ISO 8601. A bank answer that does not fit is the bank's failure.
 */
final class DataShapes {

    private DataShapes() {
    }

    static Map<String, Object> account(BankConnection connection, String providerName, JsonNode bank, boolean withDetails) {
        String currency = text(bank, "currency");
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("id", new AccountId(connection.id(), text(bank, "id")).toString());
        account.put("accountName", text(bank, "name"));
        account.put("type", accountType(bank.path("type").asText()));
        account.put("accountType", bank.path("type").asText().startsWith("business") ? "business" : "personal");
        account.put("currency", currency);
        account.put("balance", Map.of("amount", money(bank.path("balance"), currency), "date", text(bank, "balanceDate")));
        account.put("connectionId", connection.id());
        account.put("providerName", providerName);
        account.put("dateAdded", connection.createdAt().toString());
        account.put("dateModified", Instant.now().toString());
        if (withDetails) {
            JsonNode details = bank.path("details");
            Map<String, Object> shown = new LinkedHashMap<>();
            for (String field : new String[] {"holderName", "sortCode", "accountNumber", "iban"}) {
                shown.put(field, details.path(field).isTextual() ? details.get(field).asText() : null);
            }
            account.put("details", shown);
        }
        return account;
    }

    static Map<String, Object> transaction(AccountId accountId, JsonNode bank) {
        boolean in = "in".equals(bank.path("direction").asText());
        Map<String, Object> amount = money(bank.path("amount"), text(bank, "currency"));
        long value = (long) amount.get("value");
        amount.put("value", in ? Math.abs(value) : -Math.abs(value));
        String description = bank.path("description").asText("");
        Map<String, Object> transaction = new LinkedHashMap<>();
        transaction.put("id", new TransactionId(accountId, text(bank, "id")).toString());
        transaction.put("accountId", accountId.toString());
        transaction.put("amount", amount);
        transaction.put("date", text(bank, "bookedAt"));
        transaction.put("longDescription", description);
        transaction.put("shortDescription", description.length() <= 32 ? description : description.substring(0, 32));
        transaction.put("status", "pending".equals(bank.path("status").asText()) ? "pending" : "posted");
        transaction.put("dateModified", text(bank, "bookedAt"));
        return transaction;
    }

    /** The direction a bank transaction goes, as data scopes name it: {@code in} or {@code out}. */
    static String direction(JsonNode bank) {
        return "in".equals(bank.path("direction").asText()) ? "in" : "out";
    }

    static Instant bookedAt(JsonNode bank) {
        return Instant.parse(text(bank, "bookedAt"));
    }

    private static String accountType(String bankType) {
        return switch (bankType) {
            case "current", "business_current" -> "cash:current";
            case "savings" -> "savings";
            case "credit_card" -> "card";
            default -> "others";
        };
    }

    private static Map<String, Object> money(JsonNode value, String currency) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ApiError.badGateway("The bank sent an amount that is not a whole number of minor units");
        }
        Map<String, Object> money = new LinkedHashMap<>();
        money.put("value", value.asLong());
        money.put("currency", currency);
        return money;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw ApiError.badGateway("The bank's answer lacks " + field);
        }
        return value.asText();
    }
}
