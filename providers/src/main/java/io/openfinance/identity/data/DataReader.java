package io.openfinance.identity.data;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.Banks;
import io.openfinance.identity.ledger.StoredAccount;
import io.openfinance.identity.ledger.StoredData;
import io.openfinance.identity.ledger.StoredTransaction;
import io.openfinance.identity.ledger.TransactionCursor;
import io.openfinance.identity.ledger.TransactionQuery;
import io.openfinance.identity.rest.ApiError;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.ConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Reads one profile's stored bank data, through the live connections a token covers and no others, showing only
 * what both the token's scopes and each connection's consent, as stored now, allow ({@code scope.ConsentedScopes}).
 * Never calls a bank.
 */
final class DataReader {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final StoredData store;
    private final Visibility visibility;
    private final Map<String, BankConnection> live;
    private final Map<String, String> providerNames = new HashMap<>();

    DataReader(KeycloakSession session, String profileId, List<String> coveredConnectionIds, Set<DataScope> granted) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.store = StoredData.of(session);
        this.visibility = new Visibility(granted);
        Instant now = Instant.now();
        this.live = new HashMap<>();
        session.getProvider(ConnectionProvider.class).ofProfile(realm, profileId).stream()
                .filter(connection -> coveredConnectionIds.contains(connection.id()) && connection.isLive(now))
                .forEach(connection -> live.put(connection.id(), connection));
    }

    List<Map<String, Object>> accounts(boolean lighter) {
        List<String> listed = consented(this::showsAccounts).stream().map(BankConnection::id).toList();
        return store.accounts(realm, listed).stream().map(account -> lighter
                ? DataShapes.listedAccount(account, providerName(account), showsDetails(account))
                : DataShapes.account(account, providerName(account), showsDetails(account))).toList();
    }

    Optional<Map<String, Object>> account(String accountId) {
        return shownAccount(accountId).map(account -> DataShapes.account(account, providerName(account), showsDetails(account)));
    }

    Optional<List<Map<String, Object>>> balances(String accountId) {
        return shownAccount(accountId).map(DataShapes::balances);
    }

    /** Empty when the token may not see the named account. */
    Optional<TransactionQuery> transactionQuery(String accountId, Instant from, Instant until) {
        if (accountId != null && coveredAccount(accountId)
                .filter(account -> visibility.directions(live.get(account.connectionId())).isPresent()).isEmpty()) {
            return Optional.empty();
        }
        List<TransactionQuery.Visible> visible = consented(connection -> visibility.directions(connection).isPresent()).stream()
                .flatMap(connection -> visibility.directions(connection)
                        .map(directions -> new TransactionQuery.Visible(connection.id(), directions, connection.transactionsFrom())).stream())
                .toList();
        return Optional.of(new TransactionQuery(visible, accountId, from, until));
    }

    List<StoredTransaction> transactions(TransactionQuery query, TransactionCursor after, int offset, int limit) {
        return store.transactions(query, after, offset, limit);
    }

    long total(TransactionQuery query) {
        return store.count(query);
    }

    Optional<Map<String, Object>> transaction(String transactionId) {
        return store.transaction(transactionId).filter(this::visible).map(DataShapes::transaction);
    }

    private boolean visible(StoredTransaction transaction) {
        BankConnection connection = live.get(transaction.connectionId());
        return connection != null && visibility.transaction(connection, transaction.bank());
    }

    private Optional<StoredAccount> coveredAccount(String accountId) {
        return store.account(realm, accountId).filter(account -> live.containsKey(account.connectionId()));
    }

    private Optional<StoredAccount> shownAccount(String accountId) {
        return coveredAccount(accountId).filter(account -> showsAccounts(live.get(account.connectionId())));
    }

    /** The live connections the token covers that {@code mayRead}; refused when it covers some but may read none. */
    private List<BankConnection> consented(Predicate<BankConnection> mayRead) {
        List<BankConnection> consented = live.values().stream().filter(mayRead).toList();
        if (!live.isEmpty() && consented.isEmpty()) {
            throw ApiError.forbidden("No connection this token covers is consented for this data");
        }
        return consented;
    }

    private boolean showsAccounts(BankConnection connection) {
        return visibility.accounts(connection);
    }

    private boolean showsDetails(StoredAccount account) {
        return visibility.details(live.get(account.connectionId()));
    }

    private String providerName(StoredAccount account) {
        String bankId = live.get(account.connectionId()).bankId();
        return providerNames.computeIfAbsent(bankId, id -> Banks.find(session, id).map(BankConfig::displayName).orElse(id));
    }
}
