package io.openfinance.identity.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.openfinance.identity.bank.OAuthDataApiConnectorFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SandboxLedgerTest {

    @Test
    void theSameCustomerGetsTheSameBooksEveryTime() {
        SandboxLedger ledger = new SandboxLedger("alice", Scenario.HAPPY);
        SandboxLedger again = new SandboxLedger("alice", Scenario.HAPPY);

        assertEquals(ledger.accounts(), again.accounts());
        String accountId = (String) ledger.accounts().get(0).get("id");
        assertEquals(UUID.nameUUIDFromBytes("alice/account/0".getBytes()).toString(), accountId, "account ids derive from the username");
        assertEquals(ledger.transactions(accountId), again.transactions(accountId));
    }

    @Test
    void moneyIsIntegerMinorUnitsAndDatesAreIso() {
        SandboxLedger ledger = new SandboxLedger("bob", Scenario.HAPPY);
        for (Map<String, Object> account : ledger.accounts()) {
            assertInstanceOf(Long.class, account.get("balance"));
            LocalDate.parse((String) account.get("balanceDate"));
            String iban = (String) ((Map<?, ?>) account.get("details")).get("iban");
            assertTrue(iban.matches("GB\\d{2}SBOX\\d{14}"), iban);
            for (Map<String, Object> transaction : ledger.transactions((String) account.get("id")).orElseThrow()) {
                assertTrue((Long) transaction.get("amount") > 0, transaction.toString());
                Instant.parse((String) transaction.get("bookedAt"));
                assertTrue(Set.of("in", "out").contains(transaction.get("direction")));
            }
        }
    }

    @Test
    void aBusyCustomerHas250TransactionsOverTwoCurrenciesSomePending() {
        SandboxLedger ledger = new SandboxLedger("busy", Scenario.BUSY);
        List<Map<String, Object>> accounts = ledger.accounts();

        assertEquals(Set.of("GBP", "EUR"), accounts.stream().map(a -> a.get("currency")).collect(Collectors.toSet()));
        List<Map<String, Object>> transactions = accounts.stream()
                .flatMap(a -> ledger.transactions((String) a.get("id")).orElseThrow().stream()).toList();
        assertEquals(250, transactions.size());
        assertEquals(Set.of("booked", "pending"), transactions.stream().map(t -> t.get("status")).collect(Collectors.toSet()));
    }

    @Test
    void aLargeAccountHas5000TransactionsThatOneAnswerOfTheBankCarries() throws Exception {
        SandboxLedger ledger = new SandboxLedger("large", Scenario.LARGE_ACCOUNT);
        List<Map<String, Object>> accounts = ledger.accounts();
        assertEquals(1, accounts.size());
        List<Map<String, Object>> transactions = ledger.transactions((String) accounts.get(0).get("id")).orElseThrow();

        assertEquals(5000, transactions.size());
        assertEquals(5000, transactions.stream().map(t -> t.get("id")).distinct().count());
        int bytes = new ObjectMapper().writeValueAsBytes(Map.of("transactions", transactions)).length;
        assertTrue(bytes < OAuthDataApiConnectorFactory.DEFAULT_MAX_RESPONSE_BYTES,
                bytes + " bytes: more than the connector reads of one answer by default");
    }

    @Test
    void aBusinessCustomerHasOneBusinessAccount() {
        List<Map<String, Object>> accounts = new SandboxLedger("business", Scenario.BUSINESS).accounts();

        assertEquals(1, accounts.size());
        assertEquals("business_current", accounts.get(0).get("type"));
    }

    @Test
    void anotherCustomersAccountHasNoTransactions() {
        String bobsAccount = (String) new SandboxLedger("bob", Scenario.HAPPY).accounts().get(0).get("id");

        assertTrue(new SandboxLedger("alice", Scenario.HAPPY).transactions(bobsAccount).isEmpty());
    }
}
