package io.openfinance.identity.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.openfinance.identity.bank.BankAccount;
import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankTransaction;
import io.openfinance.identity.bank.Banks;
import io.openfinance.identity.rest.ApiError;
import io.openfinance.identity.scope.ConsentedScopes;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.ConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Reads bank data for one profile, through the live connections a token covers and no others, showing
 * only what both the token's scopes and each connection's consent, as stored now, allow ({@link ConsentedScopes}).
 */
final class DataReader {

    private static final Set<DataScope> ACCOUNT_SCOPES = Set.of(DataScope.ACCOUNTS);
    private static final Set<DataScope> TRANSACTION_SCOPES = Set.of(DataScope.TRANSACTIONS_ALL, DataScope.TRANSACTIONS_IN,
            DataScope.TRANSACTIONS_OUT);
    private static final Comparator<Map<String, Object>> NEWEST_FIRST = Comparator
            .comparing((Map<String, Object> t) -> (String) t.get("date")).reversed()
            .thenComparing(t -> (String) t.get("id"));

    private final KeycloakSession session;
    private final ConnectionProvider connections;
    private final BankData bankData;
    private final String profileId;
    private final List<String> coveredConnectionIds;
    private final Set<DataScope> granted;
    private final Map<String, List<BankAccount>> accountsByConnection = new HashMap<>();
    private final Map<String, String> providerNames = new HashMap<>();

    DataReader(KeycloakSession session, String profileId, List<String> coveredConnectionIds, Set<DataScope> granted) {
        this.session = session;
        this.connections = session.getProvider(ConnectionProvider.class);
        this.bankData = new BankData(session, connections);
        this.profileId = profileId;
        this.coveredConnectionIds = coveredConnectionIds;
        this.granted = granted;
    }

    List<Map<String, Object>> accounts() {
        List<Map<String, Object>> accounts = new ArrayList<>();
        for (BankConnection connection : consentedConnections(ACCOUNT_SCOPES)) {
            bankAccounts(connection).forEach(account -> accounts.add(shownAccount(connection, account)));
        }
        return accounts;
    }

    Optional<Map<String, Object>> account(AccountId id) {
        return consentedConnection(id.connectionId(), ACCOUNT_SCOPES).flatMap(connection -> bankAccount(connection, id)
                .map(account -> shownAccount(connection, account)));
    }

    /** Newest first, of one account or, when none is named, of every account the token covers. */
    Optional<List<Map<String, Object>>> transactions(AccountId only, Predicate<Instant> dateFilter) {
        List<Map<String, Object>> transactions = new ArrayList<>();
        if (only != null) {
            Optional<BankConnection> connection = consentedConnection(only.connectionId(), TRANSACTION_SCOPES);
            if (connection.isEmpty() || bankAccount(connection.get(), only).isEmpty()) {
                return Optional.empty();
            }
            addTransactions(connection.get(), only, dateFilter, transactions);
        } else {
            for (BankConnection connection : consentedConnections(TRANSACTION_SCOPES)) {
                for (BankAccount account : bankAccounts(connection)) {
                    addTransactions(connection, new AccountId(connection.id(), account.id()), dateFilter, transactions);
                }
            }
        }
        transactions.sort(NEWEST_FIRST);
        return Optional.of(transactions);
    }

    Optional<Map<String, Object>> transaction(TransactionId id) {
        return transactions(id.accountId(), date -> true).flatMap(all -> all.stream()
                .filter(t -> id.toString().equals(t.get("id"))).findFirst());
    }

    private void addTransactions(BankConnection connection, AccountId account, Predicate<Instant> dateFilter,
                                 List<Map<String, Object>> into) {
        Instant from = connection.transactionsFrom();
        for (BankTransaction transaction : bankData.transactions(connection, account.bankAccountId())) {
            String direction = transaction.moneyIn() ? "in" : "out";
            Instant bookedAt = transaction.bookedAt();
            if (allows(usable(connection), direction) && (from == null || !bookedAt.isBefore(from)) && dateFilter.test(bookedAt)) {
                into.add(DataShapes.transaction(account, transaction));
            }
        }
    }

    private static boolean allows(Set<DataScope> scopes, String direction) {
        return scopes.stream().anyMatch(scope -> scope.allowsTransactionDirection(direction));
    }

    private Map<String, Object> shownAccount(BankConnection connection, BankAccount account) {
        boolean details = usable(connection).contains(DataScope.ACCOUNT_DETAILS);
        String providerName = providerNames.computeIfAbsent(connection.bankId(),
                bankId -> Banks.find(session, bankId).map(BankConfig::displayName).orElse(bankId));
        return DataShapes.account(connection, providerName, account, details);
    }

    /** What this token may read of a connection: its scopes as the connection's consent allows them now. */
    private Set<DataScope> usable(BankConnection connection) {
        return ConsentedScopes.usable(granted, connection.dataScopes());
    }

    /** The live connections the token covers and may read with one of {@code anyOf}; refused when it covers some but may read none. */
    private List<BankConnection> consentedConnections(Set<DataScope> anyOf) {
        List<BankConnection> live = coveredConnectionIds.stream().flatMap(id -> liveConnection(id).stream()).toList();
        List<BankConnection> consented = live.stream().filter(connection -> mayRead(connection, anyOf)).toList();
        if (!live.isEmpty() && consented.isEmpty()) {
            throw ApiError.forbidden("No connection this token covers is consented for this data");
        }
        return consented;
    }

    private Optional<BankConnection> consentedConnection(String connectionId, Set<DataScope> anyOf) {
        return liveConnection(connectionId).filter(connection -> mayRead(connection, anyOf));
    }

    private boolean mayRead(BankConnection connection, Set<DataScope> anyOf) {
        return usable(connection).stream().anyMatch(anyOf::contains);
    }

    private Optional<BankConnection> liveConnection(String connectionId) {
        if (!coveredConnectionIds.contains(connectionId)) {
            return Optional.empty();
        }
        return connections.find(session.getContext().getRealm(), profileId, connectionId).filter(c -> c.isLive(Instant.now()));
    }

    private Optional<BankAccount> bankAccount(BankConnection connection, AccountId id) {
        return bankAccounts(connection).stream().filter(account -> id.bankAccountId().equals(account.id())).findFirst();
    }

    private List<BankAccount> bankAccounts(BankConnection connection) {
        return accountsByConnection.computeIfAbsent(connection.id(), ignored -> bankData.accounts(connection));
    }
}
