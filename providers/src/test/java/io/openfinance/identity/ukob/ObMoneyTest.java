package io.openfinance.identity.ukob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.openfinance.identity.bank.BankException;

class ObMoneyTest {

    @ParameterizedTest(name = "{0} {1} {2} = {3}")
    @CsvSource({
            // GBP, exponent 2
            "0, GBP, Credit, 0",
            "0, GBP, Debit, 0",
            "0.00, GBP, Credit, 0",
            "1, GBP, Credit, 100",
            "1.5, GBP, Credit, 150",
            "1.05, GBP, Debit, -105",
            "10.50000, GBP, Credit, 1050",
            "0.01, GBP, Debit, -1",
            "1234.56, GBP, Credit, 123456",
            "1234.56, GBP, Debit, -123456",
            "9999999999999, GBP, Credit, 999999999999900",
            "9999999999999.99, GBP, Credit, 999999999999999",
            "9999999999999.99000, GBP, Debit, -999999999999999",
            "0000000000001.10, EUR, Credit, 110",
            "20.00, USD, Debit, -2000",
            // JPY, exponent 0
            "0, JPY, Credit, 0",
            "1, JPY, Debit, -1",
            "150000, JPY, Credit, 150000",
            "150000.0, JPY, Debit, -150000",
            "150000.00000, JPY, Credit, 150000",
            "9999999999999, JPY, Credit, 9999999999999",
            "9999999999999, JPY, Debit, -9999999999999",
            "7, KRW, Credit, 7",
            // BHD, exponent 3
            "0.001, BHD, Credit, 1",
            "0.001, BHD, Debit, -1",
            "12.345, BHD, Credit, 12345",
            "12.3, BHD, Debit, -12300",
            "12.34500, BHD, Credit, 12345",
            "9999999999999, BHD, Credit, 9999999999999000",
            "9999999999999.999, BHD, Debit, -9999999999999999",
            "9999999999999.99900, BHD, Credit, 9999999999999999",
            "1.234, KWD, Debit, -1234",
            "5.678, TND, Credit, 5678",
    })
    void convertsExactly(String amount, String currency, String indicator, long minor) throws BankException {
        assertEquals(minor, ObMoney.minorUnits(amount, currency, indicator));
    }

    @ParameterizedTest(name = "[{0}] {1} {2} refused")
    @CsvSource(value = {
            "10.505, GBP, Credit",          // more decimals than GBP has
            "10.001, GBP, Debit",
            "0.5, JPY, Credit",              // JPY has none
            "1.0001, BHD, Credit",           // BHD has three
            "9999999999999.99999, GBP, Credit",
            "10000000000000, GBP, Credit",   // 14 integer digits
            "1.123456, BHD, Credit",         // 6 decimals
            "-1.00, GBP, Debit",             // the sign is the indicator's
            "+1.00, GBP, Credit",
            "1e3, GBP, Credit",
            "1E+3, GBP, Credit",
            "1., GBP, Credit",
            ".5, GBP, Credit",
            "1,00, GBP, Credit",
            " 1.00, GBP, Credit",
            "1.00 , GBP, Credit",
            "١٢, GBP, Credit",               // Arabic-Indic digits match \\d only without UNICODE_CHARACTER_CLASS
            "NaN, GBP, Credit",
            "Infinity, GBP, Credit",
            "'', GBP, Credit",
            "NULL, GBP, Credit",
            "1.00, gbp, Credit",
            "1.00, XXX, Credit",             // no minor units
            "1.00, ZZZ, Credit",             // no such currency
            "1.00, GB, Credit",
            "1.00, NULL, Credit",
            "1.00, GBP, credit",
            "1.00, GBP, Both",
            "1.00, GBP, NULL",
    }, nullValues = "NULL", ignoreLeadingAndTrailingWhitespace = false)
    void refusesWhatIsNotExactlyAnObAmount(String amount, String currency, String indicator) {
        assertThrows(BankException.class, () -> ObMoney.minorUnits(amount, currency.strip(), indicator == null ? null : indicator.strip()));
    }

    @Test
    void choosesTheBalanceByTheDocumentedOrder() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("2", ObBalances.chosen(json.readTree("[{\"Type\":\"ClosingBooked\",\"n\":1},{\"Type\":\"InterimAvailable\",\"n\":2},"
                + "{\"Type\":\"InterimBooked\",\"n\":3}]")).orElseThrow().path("n").asText());
        assertEquals("3", ObBalances.chosen(json.readTree("[{\"Type\":\"ClosingBooked\",\"n\":1},{\"Type\":\"Expected\",\"n\":2},"
                + "{\"Type\":\"InterimBooked\",\"n\":3}]")).orElseThrow().path("n").asText());
        assertEquals("1", ObBalances.chosen(json.readTree("[{\"Type\":\"ClosingBooked\",\"n\":1},{\"Type\":\"Expected\",\"n\":2}]"))
                .orElseThrow().path("n").asText());
        assertFalse(ObBalances.chosen(json.readTree("[{\"Type\":\"Expected\"},{\"Type\":\"OpeningAvailable\"}]")).isPresent());
    }
}
