package io.openfinance.identity.data;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.openfinance.identity.bank.Bank;
import io.openfinance.identity.bank.BankClient;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.rest.ApiError;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.BankConnection.ConnectionError;
import io.openfinance.identity.store.ConnectionProvider;
import io.openfinance.identity.store.BankTokens;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;

/**
 * Calls one connection's bank with its stored tokens, refreshing them first when they expired, and keeps
 * the connection's status: a success clears its error, a refusal is a {@code credentials_error}, any other
 * failure a {@code sync_error}. Bank tokens never leave this class but to the bank.
 */
final class BankData {

    private static final Logger LOG = Logger.getLogger(BankData.class);

    private final KeycloakSession session;
    private final ConnectionProvider connections;
    private final BankClient bankClient;

    BankData(KeycloakSession session, ConnectionProvider connections) {
        this.session = session;
        this.connections = connections;
        this.bankClient = new BankClient(session);
    }

    JsonNode get(BankConnection connection, String path) {
        Bank bank = Bank.find(session, connection.bankId()).orElseThrow(() -> ApiError.badGateway("Bank no longer available"));
        try {
            JsonNode body = bankClient.get(bank, path, Map.of(), freshTokens(bank, connection).accessToken());
            recordRead(connection, body);
            return body;
        } catch (BankException e) {
            LOG.infof("Bank %s call for connection %s failed: %s", bank.id(), connection.id(), e.getMessage());
            connections.recordError(connection, e.refused() ? ConnectionError.CREDENTIALS_ERROR : ConnectionError.SYNC_ERROR);
            throw e.refused() ? ApiError.reauthorisationNeeded() : ApiError.badGateway("The bank could not provide the data");
        }
    }

    private BankTokens freshTokens(Bank bank, BankConnection connection) throws BankException {
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
        BankTokens refreshed = bankClient.refresh(bank, tokens.refreshToken());
        connections.storeRefreshedTokens(session.getContext().getRealm(), connection, tokens, refreshed);
        return refreshed;
    }

    private void recordRead(BankConnection connection, JsonNode body) {
        List<String> accountIds = null;
        if (body.has("accounts")) {
            accountIds = new java.util.ArrayList<>();
            for (JsonNode account : body.path("accounts")) {
                accountIds.add(new AccountId(connection.id(), account.path("id").asText()).toString());
            }
        }
        connections.recordRead(connection, accountIds);
    }
}
