package io.openfinance.identity.data;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.openfinance.identity.bank.BankAccount;
import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankConnector;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.bank.BankTransaction;
import io.openfinance.identity.bank.Banks;
import io.openfinance.identity.metrics.OpenFinanceMetrics;
import io.openfinance.identity.rest.ApiError;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.BankConnection.ConnectionError;
import io.openfinance.identity.store.BankTokens;
import io.openfinance.identity.store.ConnectionProvider;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;

/**
 * Reads one connection's bank through its connector with the stored tokens, refreshing them first when they
 * expired, and keeps the connection's status: a success clears its error, a refusal is a {@code credentials_error},
 * any other failure a {@code sync_error}. Bank tokens never leave this class but to the bank.
 */
final class BankData {

    private static final Logger LOG = Logger.getLogger(BankData.class);

    private final KeycloakSession session;
    private final ConnectionProvider connections;

    BankData(KeycloakSession session, ConnectionProvider connections) {
        this.session = session;
        this.connections = connections;
    }

    List<BankAccount> accounts(BankConnection connection) {
        List<BankAccount> accounts = read(connection, (connector, bank, token) -> connector.accounts(bank, token));
        connections.recordRead(connection, accounts.stream().map(a -> new AccountId(connection.id(), a.id()).toString()).toList());
        return accounts;
    }

    List<BankTransaction> transactions(BankConnection connection, String bankAccountId) {
        List<BankTransaction> transactions = read(connection, (connector, bank, token) -> connector.transactions(bank, bankAccountId, token));
        connections.recordRead(connection, null);
        return transactions;
    }

    private interface BankRead<T> {
        T read(BankConnector connector, BankConfig bank, String accessToken) throws BankException;
    }

    private <T> T read(BankConnection connection, BankRead<T> read) {
        BankConfig bank = Banks.find(session, connection.bankId()).orElseThrow(() -> ApiError.badGateway("Bank no longer available"));
        long started = System.nanoTime();
        try {
            BankConnector connector = BankConnector.of(session, bank);
            T answer = read.read(connector, bank, freshTokens(connector, bank, connection).accessToken());
            OpenFinanceMetrics.bankCall(bank.id(), "data", "ok", Duration.ofNanos(System.nanoTime() - started));
            return answer;
        } catch (BankException e) {
            OpenFinanceMetrics.bankCall(bank.id(), "data", e.refused() ? "refused" : "failed", Duration.ofNanos(System.nanoTime() - started));
            LOG.infof("Bank %s call for connection %s failed: %s", bank.id(), connection.id(), e.getMessage());
            connections.recordError(connection, e.refused() ? ConnectionError.CREDENTIALS_ERROR : ConnectionError.SYNC_ERROR);
            throw e.refused() ? ApiError.reauthorisationNeeded() : ApiError.badGateway("The bank could not provide the data");
        }
    }

    private BankTokens freshTokens(BankConnector connector, BankConfig bank, BankConnection connection) throws BankException {
        BankTokens tokens;
        try {
            tokens = connections.tokens(session.getContext().getRealm(), connection).orElseThrow(() -> ApiError.notFound("Connection"));
        } catch (IllegalStateException unreadable) {
            LOG.warnf("Connection %s: %s", connection.id(), unreadable.getMessage());
            throw BankException.refused("stored bank token cannot be opened");
        }
        if (!tokens.expiredAt(Instant.now()) || tokens.refreshToken() == null) {
            return tokens;
        }
        BankTokens refreshed = connector.refresh(bank, tokens.refreshToken());
        connections.storeRefreshedTokens(session.getContext().getRealm(), connection, tokens, refreshed);
        return refreshed;
    }
}
