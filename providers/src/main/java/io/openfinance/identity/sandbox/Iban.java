package io.openfinance.identity.sandbox;

import java.math.BigInteger;

/** IBANs with valid ISO 13616 check digits, so partners' validators accept the sandbox's account details. */
final class Iban {

    private static final BigInteger MODULUS = BigInteger.valueOf(97);

    private Iban() {
    }

    /** A GB IBAN: four-letter bank code, then sort code and account number (14 digits). */
    static String british(String bankCode, String sortCodeAndAccountNumber) {
        String bban = bankCode + sortCodeAndAccountNumber;
        int check = 98 - new BigInteger(digits(bban + "GB00")).mod(MODULUS).intValue();
        return "GB" + String.format("%02d", check) + bban;
    }

    /** Letters become two-digit numbers (A = 10 ... Z = 35), as the check-digit rule wants. */
    private static String digits(String text) {
        StringBuilder digits = new StringBuilder();
        text.chars().forEach(c -> digits.append(Character.getNumericValue(c)));
        return digits.toString();
    }
}
