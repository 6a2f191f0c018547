package io.openfinance.identity.obsandbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sandbox ledger's records in the OB Account and Transaction API v3.1 shapes. */
final class ObShapes {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

    private ObShapes() {
    }

    static Map<String, Object> page(Object data, String self, String next) {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("Self", self);
        if (next != null) {
            links.put("Next", next);
        }
        return Map.of("Data", data, "Links", links, "Meta", Map.of());
    }

    static Map<String, Object> account(Map<String, Object> ledger, boolean detail) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("AccountId", ledger.get("id"));
        account.put("Currency", ledger.get("currency"));
        String type = (String) ledger.get("type");
        account.put("AccountType", type.startsWith("business") ? "Business" : "Personal");
        account.put("AccountSubType", type.equals("savings") ? "Savings" : "CurrentAccount");
        account.put("Nickname", ledger.get("name"));
        if (detail) {
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) ledger.get("details");
            List<Map<String, Object>> identifications = new ArrayList<>();
            identifications.add(Map.of("SchemeName", "UK.OBIE.SortCodeAccountNumber",
                    "Identification", ((String) details.get("sortCode")).replace("-", "") + details.get("accountNumber"),
                    "Name", details.get("holderName")));
            identifications.add(Map.of("SchemeName", "UK.OBIE.IBAN", "Identification", details.get("iban"),
                    "Name", details.get("holderName")));
            account.put("Account", identifications);
        }
        return account;
    }

    /** The ledger's balance as {@code InterimAvailable}, next to a {@code ClosingBooked} of another amount. */
    static Map<String, Object> balance(Map<String, Object> ledger) {
        long minor = (Long) ledger.get("balance");
        String currency = (String) ledger.get("currency");
        Instant at = LocalDate.parse((String) ledger.get("balanceDate")).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Map.of("AccountId", ledger.get("id"), "CreditDebitIndicator", minor < 0 ? "Debit" : "Credit",
                "Type", "InterimAvailable", "DateTime", dateTime(at),
                "Amount", Map.of("Amount", amount(minor, currency), "Currency", currency));
    }

    static Map<String, Object> transaction(String accountId, Map<String, Object> ledger) {
        String currency = (String) ledger.get("currency");
        Map<String, Object> transaction = new LinkedHashMap<>();
        transaction.put("AccountId", accountId);
        transaction.put("TransactionId", ledger.get("id"));
        transaction.put("CreditDebitIndicator", "in".equals(ledger.get("direction")) ? "Credit" : "Debit");
        transaction.put("Status", "pending".equals(ledger.get("status")) ? "Pending" : "Booked");
        transaction.put("BookingDateTime", dateTime(Instant.parse((String) ledger.get("bookedAt"))));
        transaction.put("TransactionInformation", ledger.get("description"));
        transaction.put("Amount", Map.of("Amount", amount((Long) ledger.get("amount"), currency), "Currency", currency));
        return transaction;
    }

    static String dateTime(Instant instant) {
        return DATE_TIME.format(instant);
    }

    /** Minor units as an OB decimal string, by the currency's ISO 4217 exponent. */
    static String amount(long minorUnits, String currency) {
        return BigDecimal.valueOf(Math.abs(minorUnits), Currency.getInstance(currency).getDefaultFractionDigits()).toPlainString();
    }
}
