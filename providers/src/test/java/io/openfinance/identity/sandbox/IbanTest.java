package io.openfinance.identity.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IbanTest {

    @Test
    void checkDigitsMatchThePublishedExample() {
        // ECBS's example British IBAN
        assertEquals("GB29NWBK60161331926819", Iban.british("NWBK", "60161331926819"));
    }

    @Test
    void checkDigitsBelowTenKeepTheirLeadingZero() {
        assertEquals("GB04SBOX00000000000006", Iban.british("SBOX", "00000000000006"));
    }
}
