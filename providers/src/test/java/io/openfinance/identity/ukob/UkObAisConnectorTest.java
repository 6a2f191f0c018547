package io.openfinance.identity.ukob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.openfinance.identity.bank.BankAccount;
import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.bank.BankTransaction;

class UkObAisConnectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BankConfig BANK = BankConfig.parse("uk", null, Map.of("authorizationUrl", "https://bank/auth",
            "tokenUrl", "https://bank/token", "clientId", "us", "clientAuthMethod", "private_key_jwt",
            "dataApiUrl", "https://api.bank.example/open-banking/v3.1/aisp", "connector", "uk-ob-ais"), s -> s);

    @Test
    void theAuthDateIsAnImfFixdate() {
        assertEquals("Wed, 02 Dec 2026 07:05:09 GMT", ObApi.IMF_FIXDATE.format(Instant.parse("2026-12-02T07:05:09.999Z")));
    }

    @Test
    void followsANextLinkUnderTheApiRoot() throws BankException {
        assertEquals(URI.create("https://api.bank.example/open-banking/v3.1/aisp/accounts/a1/transactions?page=2"),
                UkObAisConnector.next(BANK, TextNode.valueOf("https://api.bank.example/open-banking/v3.1/aisp/accounts/a1/transactions?page=2")));
        assertNull(UkObAisConnector.next(BANK, JSON.missingNode()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/open-banking/v3.1/aisp/accounts", "http://api.bank.example/open-banking/v3.1/aisp/accounts",
            "https://api.bank.example/open-banking/v3.1/aispx/accounts", "https://api.bank.example/open-banking/v3.1/aisp/../../admin",
            "https://user@api.bank.example/open-banking/v3.1/aisp/accounts", "https://api.bank.example:8443/open-banking/v3.1/aisp/accounts",
            "/open-banking/v3.1/aisp/accounts", "not a uri"})
    void refusesANextLinkThatWouldTakeOurTokenElsewhere(String link) {
        assertThrows(BankException.class, () -> UkObAisConnector.next(BANK, TextNode.valueOf(link)));
    }

    @Test
    void readsAnObAccountWithItsPreferredBalance() throws Exception {
        JsonNode account = JSON.readTree("""
                {"AccountId":"22289","Currency":"BHD","AccountType":"Personal","AccountSubType":"Savings","Nickname":"Dinars",
                 "Account":[{"SchemeName":"UK.OBIE.SortCodeAccountNumber","Identification":"80200110203345","Name":"Mr Kevin"}]}""");
        List<JsonNode> balances = List.of(
                JSON.readTree("{\"AccountId\":\"22289\",\"Type\":\"ClosingBooked\",\"CreditDebitIndicator\":\"Credit\",\"DateTime\":\"2026-06-29T00:00:00+00:00\",\"Amount\":{\"Amount\":\"1.000\",\"Currency\":\"BHD\"}}"),
                JSON.readTree("{\"AccountId\":\"22289\",\"Type\":\"InterimAvailable\",\"CreditDebitIndicator\":\"Debit\",\"DateTime\":\"2026-06-30T10:00:00+01:00\",\"Amount\":{\"Amount\":\"12.345\",\"Currency\":\"BHD\"}}"));

        BankAccount read = ObShapes.account(account, balances);

        assertEquals(-12345, read.balanceMinor());
        assertEquals("2026-06-30", read.balanceDate().toString());
        assertEquals(BankAccount.Kind.SAVINGS, read.kind());
        assertEquals(new BankAccount.Details("Mr Kevin", "80-20-01", "10203345", null), read.details());
    }

    @Test
    void refusesABalanceInAnotherCurrencyThanItsAccount() throws Exception {
        JsonNode account = JSON.readTree("{\"AccountId\":\"1\",\"Currency\":\"GBP\",\"AccountSubType\":\"CurrentAccount\"}");
        JsonNode balance = JSON.readTree("{\"Type\":\"InterimAvailable\",\"CreditDebitIndicator\":\"Credit\",\"DateTime\":\"2026-06-30T00:00:00Z\",\"Amount\":{\"Amount\":\"1\",\"Currency\":\"JPY\"}}");
        assertThrows(BankException.class, () -> ObShapes.account(account, List.of(balance)));
    }

    @Test
    void readsAnObTransaction() throws Exception {
        BankTransaction read = ObShapes.transaction(JSON.readTree("""
                {"AccountId":"22289","TransactionId":"t-1","CreditDebitIndicator":"Debit","Status":"Pending",
                 "BookingDateTime":"2026-06-30T10:00:00+01:00","TransactionInformation":"Cash","Amount":{"Amount":"1200","Currency":"JPY"}}"""));
        assertEquals(new BankTransaction("t-1", -1200, "JPY", java.time.Instant.parse("2026-06-30T09:00:00Z"), "Cash", true), read);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../admin", "a/b", "", "a b", "0123456789012345678901234567890123456789x"})
    void refusesAnAccountIdThatIsNoObIdentifier(String id) {
        assertThrows(BankException.class, () -> ObShapes.id(JSON.createObjectNode().put("AccountId", id), "AccountId"));
    }
}
