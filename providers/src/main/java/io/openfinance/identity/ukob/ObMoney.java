package io.openfinance.identity.ukob;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Pattern;

import io.openfinance.identity.bank.BankException;

/**
 * Open Banking UK money, exactly: an {@code Amount} is a decimal string ({@value #AMOUNT}) with a {@code Currency}
 * and a {@code CreditDebitIndicator}; ours is a signed whole number of the currency's minor units (its ISO 4217
 * exponent: GBP 2, JPY 0, BHD 3). Never through a float: an amount with more significant decimals than the currency
 * has is refused, not rounded ({@code "10.50000"} GBP is 1050, {@code "10.505"} GBP is refused).
 */
final class ObMoney {

    static final String AMOUNT = "^\\d{1,13}$|^\\d{1,13}\\.\\d{1,5}$";
    private static final Pattern AMOUNT_PATTERN = Pattern.compile(AMOUNT);
    private static final Pattern CURRENCY_PATTERN = Pattern.compile("^[A-Z]{3}$");

    private ObMoney() {
    }

    /** @throws BankException (unavailable: the bank's answer is wrong) for anything that is not exactly an OB amount */
    static long minorUnits(String amount, String currency, String creditDebitIndicator) throws BankException {
        long magnitude = magnitude(amount, currency);
        return switch (creditDebitIndicator == null ? "" : creditDebitIndicator) {
            case "Credit" -> magnitude;
            case "Debit" -> -magnitude;
            default -> throw malformed("a CreditDebitIndicator that is neither Credit nor Debit");
        };
    }

    /** The ISO 4217 exponent of a currency code. @throws BankException for a code that is no currency with minor units */
    static int exponent(String currency) throws BankException {
        if (currency == null || !CURRENCY_PATTERN.matcher(currency).matches()) {
            throw malformed("a currency that is not an ISO 4217 code");
        }
        int digits;
        try {
            digits = Currency.getInstance(currency).getDefaultFractionDigits();
        } catch (IllegalArgumentException unknown) {
            throw malformed("an unknown currency");
        }
        if (digits < 0) {
            throw malformed("a currency without minor units");
        }
        return digits;
    }

    private static long magnitude(String amount, String currency) throws BankException {
        if (amount == null || amount.length() > 19 || !AMOUNT_PATTERN.matcher(amount).matches()) {
            throw malformed("an amount that is not an OB decimal string");
        }
        try {
            return new BigDecimal(amount).movePointRight(exponent(currency)).setScale(0).longValueExact();
        } catch (ArithmeticException e) {
            throw malformed("an amount with more decimals than its currency has");
        }
    }

    private static BankException malformed(String what) {
        return BankException.unavailable("bank sent " + what, null);
    }
}
