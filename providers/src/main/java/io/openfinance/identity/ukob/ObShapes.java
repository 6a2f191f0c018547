package io.openfinance.identity.ukob;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.openfinance.identity.bank.BankAccount;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.bank.BankTransaction;

/** OB Account and Transaction API v3.1 records read into ours, each field checked before use. */
final class ObShapes {

    /** OB ids are Max40Text; we take the characters that are safe in a URL path segment, as every bank uses. */
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9._~:-]{1,40}$");
    private static final Pattern SORT_CODE_ACCOUNT = Pattern.compile("^\\d{14}$");
    private static final Pattern IBAN = Pattern.compile("^[A-Z]{2}\\d{2}[A-Z0-9]{1,30}$");
    private static final int MAX_TEXT = 500;

    private ObShapes() {
    }

    static String id(JsonNode json, String field) throws BankException {
        String value = text(json, field);
        if (!ID.matcher(value).matches()) {
            throw malformed(field + " that is not an OB identifier");
        }
        return value;
    }

    /** One entry of {@code Data.Account}, with the balance chosen from its {@code Data.Balance}. */
    static BankAccount account(JsonNode json, List<JsonNode> balances) throws BankException {
        String id = id(json, "AccountId");
        String currency = text(json, "Currency");
        ObMoney.exponent(currency);
        JsonNode balance = ObBalances.chosen(balances)
                .orElseThrow(() -> malformed("no balance of the types " + ObBalances.PREFERENCE + " for an account"));
        JsonNode amount = balance.path("Amount");
        if (!currency.equals(amount.path("Currency").asText())) {
            throw malformed("a balance in another currency than its account");
        }
        long balanceMinor = ObMoney.minorUnits(amount.path("Amount").asText(null), currency,
                balance.path("CreditDebitIndicator").asText(null));
        String subType = json.path("AccountSubType").asText();
        BankAccount.Kind kind = switch (subType) {
            case "CurrentAccount" -> BankAccount.Kind.CURRENT;
            case "Savings" -> BankAccount.Kind.SAVINGS;
            case "CreditCard", "ChargeCard" -> BankAccount.Kind.CARD;
            default -> BankAccount.Kind.OTHER;
        };
        String name = optional(json, "Nickname");
        return new BankAccount(id, name == null ? subType : name, kind, "Business".equals(json.path("AccountType").asText()),
                currency, balanceMinor, date(balance.path("DateTime").asText(null)), details(json.path("Account")));
    }

    static BankTransaction transaction(JsonNode json) throws BankException {
        JsonNode amount = json.path("Amount");
        String currency = text(amount, "Currency");
        String status = text(json, "Status");
        if (!status.equals("Booked") && !status.equals("Pending")) {
            throw malformed("a transaction Status that is neither Booked nor Pending");
        }
        return new BankTransaction(id(json, "TransactionId"),
                ObMoney.minorUnits(amount.path("Amount").asText(null), currency, json.path("CreditDebitIndicator").asText(null)),
                currency, instant(text(json, "BookingDateTime")), description(json), status.equals("Pending"));
    }

    private static BankAccount.Details details(JsonNode identifications) {
        String holder = null;
        String sortCode = null;
        String number = null;
        String iban = null;
        for (JsonNode identification : identifications) {
            String value = identification.path("Identification").asText("");
            switch (identification.path("SchemeName").asText()) {
                case "UK.OBIE.SortCodeAccountNumber", "SortCodeAccountNumber" -> {
                    if (SORT_CODE_ACCOUNT.matcher(value).matches()) {
                        sortCode = value.substring(0, 2) + "-" + value.substring(2, 4) + "-" + value.substring(4, 6);
                        number = value.substring(6);
                    }
                }
                case "UK.OBIE.IBAN", "IBAN" -> iban = IBAN.matcher(value).matches() ? value : iban;
                default -> { }
            }
            if (holder == null) {
                holder = optional(identification, "Name");
            }
        }
        return new BankAccount.Details(holder, sortCode, number, iban);
    }

    private static String description(JsonNode json) {
        String information = optional(json, "TransactionInformation");
        return information != null ? information : "";
    }

    private static LocalDate date(String dateTime) throws BankException {
        return LocalDate.ofInstant(instant(dateTime), ZoneOffset.UTC);
    }

    private static Instant instant(String dateTime) throws BankException {
        try {
            return OffsetDateTime.parse(dateTime).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            throw malformed("a DateTime that is not ISO 8601 with an offset");
        }
    }

    private static String text(JsonNode json, String field) throws BankException {
        JsonNode value = json.path(field);
        if (!value.isTextual() || value.asText().length() > MAX_TEXT) {
            throw malformed("an answer without a usable " + field);
        }
        return value.asText();
    }

    private static String optional(JsonNode json, String field) {
        JsonNode value = json.path(field);
        return value.isTextual() && value.asText().length() <= MAX_TEXT ? value.asText() : null;
    }

    private static BankException malformed(String what) {
        return BankException.unavailable("bank sent " + what, null);
    }
}
