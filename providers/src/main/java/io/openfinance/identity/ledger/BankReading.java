package io.openfinance.identity.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.openfinance.identity.bank.BankAccount;
import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankConnector;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.bank.BankTransaction;
import io.openfinance.identity.bank.Banks;
import io.openfinance.identity.metrics.OpenFinanceMetrics;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.BankTokens;
import io.openfinance.identity.store.ConnectionProvider;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Reads one connection's accounts and their transactions through its bank's connector with the stored tokens,
 * refreshing them first when they expired. Bank tokens never leave this class but to the bank.
 */
final class BankReading {

    private static final Logger LOG = Logger.getLogger(BankReading.class);

    /** The bank's answer: each account with its transactions. */
    record Read(Map<BankAccount, List<BankTransaction>> accounts) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ConnectionProvider connections;

    BankReading(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.connections = session.getProvider(ConnectionProvider.class);
    }

    /** @param customerIpAddress the present customer's address, null for an unattended read */
    Read read(BankConnection connection, String customerIpAddress) throws BankException {
        BankConfig bank = Banks.find(session, connection.bankId())
                .orElseThrow(() -> BankException.unavailable("bank " + connection.bankId() + " no longer available", null));
        long started = System.nanoTime();
        try {
            BankConnector connector = BankConnector.of(session, bank);
            String accessToken = freshTokens(connector, bank, connection).accessToken();
            Map<BankAccount, List<BankTransaction>> read = new LinkedHashMap<>();
            for (BankAccount account : connector.accounts(bank, accessToken, connection.consentedAt(), customerIpAddress)) {
                read.put(account, connector.transactions(bank, account.id(), accessToken, connection.consentedAt(),
                        customerIpAddress));
            }
            OpenFinanceMetrics.bankCall(bank.id(), "data", "ok", Duration.ofNanos(System.nanoTime() - started));
            return new Read(read);
        } catch (BankException e) {
            OpenFinanceMetrics.bankCall(bank.id(), "data", e.refused() ? "refused" : "failed", Duration.ofNanos(System.nanoTime() - started));
            LOG.infof("Bank %s read for connection %s failed: %s", bank.id(), connection.id(), e.getMessage());
            throw e;
        }
    }

    private BankTokens freshTokens(BankConnector connector, BankConfig bank, BankConnection connection) throws BankException {
        BankTokens tokens;
        try {
            tokens = connections.tokens(realm, connection)
                    .orElseThrow(() -> BankException.refused("connection has no bank tokens"));
        } catch (IllegalStateException unreadable) {
            LOG.warnf("Connection %s: %s", connection.id(), unreadable.getMessage());
            throw BankException.refused("stored bank token cannot be opened");
        }
        if (!tokens.expiredAt(Instant.now()) || tokens.refreshToken() == null) {
            return tokens;
        }
        BankTokens refreshed = connector.refresh(bank, tokens.refreshToken());
        connections.storeRefreshedTokens(realm, connection, tokens, refreshed);
        return refreshed;
    }
}
