package io.openfinance.identity.data;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.openfinance.identity.bank.BankTransaction;
import io.openfinance.identity.ledger.TransactionQuery.Directions;
import io.openfinance.identity.scope.ConsentedScopes;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.store.BankConnection;

/** What a token may see of one connection: the scopes {@link ConsentedScopes} lets it use there, as the store's queries apply them. */
record Visibility(Set<DataScope> granted) {

    boolean accounts(BankConnection connection) {
        return usable(connection).contains(DataScope.ACCOUNTS);
    }

    boolean details(BankConnection connection) {
        return usable(connection).contains(DataScope.ACCOUNT_DETAILS);
    }

    /** The transaction directions the token may read there; empty: none. */
    Optional<Directions> directions(BankConnection connection) {
        Set<DataScope> usable = usable(connection);
        boolean in = allows(usable, "in");
        boolean out = allows(usable, "out");
        return in && out ? Optional.of(Directions.ALL) : in ? Optional.of(Directions.IN) : out ? Optional.of(Directions.OUT) : Optional.empty();
    }

    /** The rule the store's transaction queries apply, for one transaction: a direction allowed, within the consented history. */
    boolean transaction(BankConnection connection, BankTransaction transaction) {
        Instant from = connection.transactionsFrom();
        return directions(connection).filter(d -> d == Directions.ALL || (d == Directions.IN) == transaction.moneyIn()).isPresent()
                && (from == null || !transaction.bookedAt().isBefore(from));
    }

    private Set<DataScope> usable(BankConnection connection) {
        return ConsentedScopes.usable(granted, connection.dataScopes());
    }

    private static boolean allows(Set<DataScope> scopes, String direction) {
        return scopes.stream().anyMatch(scope -> scope.allowsTransactionDirection(direction));
    }
}
