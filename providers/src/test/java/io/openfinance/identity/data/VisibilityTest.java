package io.openfinance.identity.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.openfinance.identity.bank.BankTransaction;
import io.openfinance.identity.ledger.TransactionQuery.Directions;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.store.BankConnection;

/**
 * What the Data API lets a token see of a connection: only what both the token's scopes and the connection's consent
 * allow. The store's queries apply the same directions and first date (checked end to end by the Data API ITs).
 */
class VisibilityTest {

    private static final Instant NOW = Instant.now();
    private static final Instant LAST_WEEK = NOW.minus(7, ChronoUnit.DAYS);
    private static final Instant LAST_YEAR = NOW.minus(365, ChronoUnit.DAYS);
    private static final List<BankTransaction> BOOK = List.of(
            new BankTransaction("salary", 250_000, "GBP", LAST_WEEK, "Salary", false),
            new BankTransaction("rent", -120_000, "GBP", LAST_WEEK.plusSeconds(60), "Rent", false),
            new BankTransaction("old", -500, "GBP", LAST_YEAR, "Coffee", false));

    @Test
    void theTokenScopeNarrowsWhatTheConsentAllows() {
        BankConnection connection = connection(Set.of(DataScope.TRANSACTIONS_ALL), null);

        assertEquals(List.of("salary"), shown(connection, DataScope.TRANSACTIONS_IN));
        assertEquals(List.of("rent", "old"), shown(connection, DataScope.TRANSACTIONS_OUT));
        assertEquals(List.of("salary", "rent", "old"), shown(connection, DataScope.TRANSACTIONS_ALL));
        assertEquals(Optional.of(Directions.IN), new Visibility(Set.of(DataScope.TRANSACTIONS_IN)).directions(connection));
    }

    @Test
    void theConsentNarrowsWhatTheTokenAsksFor() {
        BankConnection connection = connection(Set.of(DataScope.TRANSACTIONS_OUT), null);

        assertEquals(List.of("rent", "old"), shown(connection, DataScope.TRANSACTIONS_ALL));
        assertEquals(List.of(), shown(connection, DataScope.TRANSACTIONS_IN));
        assertEquals(Optional.empty(), new Visibility(Set.of(DataScope.TRANSACTIONS_IN)).directions(connection),
                "no direction at all: the connection is left out of listings");
        assertEquals(Optional.empty(), new Visibility(Set.of(DataScope.ACCOUNTS)).directions(connection));
    }

    @Test
    void transactionsBeforeTheConsentedHistoryAreLeftOut() {
        BankConnection connection = connection(Set.of(DataScope.TRANSACTIONS_ALL), NOW.minus(30, ChronoUnit.DAYS));

        assertEquals(List.of("salary", "rent"), shown(connection, DataScope.TRANSACTIONS_ALL));
    }

    @Test
    void accountsAndTheirDetailsNeedBothTheScopeAndTheConsent() {
        BankConnection consented = connection(Set.of(DataScope.ACCOUNTS, DataScope.ACCOUNT_DETAILS), null);
        BankConnection notConsented = connection(Set.of(DataScope.ACCOUNTS), null);
        BankConnection transactionsOnly = connection(Set.of(DataScope.TRANSACTIONS_ALL), null);

        assertTrue(new Visibility(Set.of(DataScope.ACCOUNTS, DataScope.ACCOUNT_DETAILS)).details(consented));
        assertFalse(new Visibility(Set.of(DataScope.ACCOUNTS)).details(consented));
        assertFalse(new Visibility(Set.of(DataScope.ACCOUNTS, DataScope.ACCOUNT_DETAILS)).details(notConsented));
        assertTrue(new Visibility(Set.of(DataScope.ACCOUNTS)).accounts(notConsented));
        assertFalse(new Visibility(Set.of(DataScope.ACCOUNTS)).accounts(transactionsOnly));
        assertFalse(new Visibility(Set.of(DataScope.TRANSACTIONS_ALL)).accounts(notConsented));
    }

    private static List<String> shown(BankConnection connection, DataScope... granted) {
        Visibility visibility = new Visibility(Set.of(granted));
        return BOOK.stream().filter(t -> visibility.transaction(connection, t)).map(BankTransaction::id).toList();
    }

    private static BankConnection connection(Set<DataScope> consented, Instant transactionsFrom) {
        return new BankConnection("c1", "profile-1", "acme", LAST_YEAR, LAST_YEAR, NOW.plus(30, ChronoUnit.DAYS), transactionsFrom,
                consented, null, null, List.of());
    }
}
