package io.openfinance.identity.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openfinance.identity.bank.Bank;
import io.openfinance.identity.bank.BankClient;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.rest.ApiError;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.BankConnections;
import io.openfinance.identity.store.BankTokens;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;

/** Reads bank data for one profile, through the live connections a token covers and no others. */
final class DataReader {

    private static final Logger LOG = Logger.getLogger(DataReader.class);

    private final KeycloakSession session;
    private final BankConnections connections;
    private final BankClient bankClient;
    private final String profileId;
    private final List<String> coveredConnectionIds;
    private final Set<DataScope> granted;

    DataReader(KeycloakSession session, String profileId, List<String> coveredConnectionIds, Set<DataScope> granted) {
        this.session = session;
        this.connections = new BankConnections(session, session.getContext().getRealm());
        this.bankClient = new BankClient(session);
        this.profileId = profileId;
        this.coveredConnectionIds = coveredConnectionIds;
        this.granted = granted;
    }

    List<JsonNode> accounts() {
        List<JsonNode> accounts = new ArrayList<>();
        for (String connectionId : coveredConnectionIds) {
            liveConnection(connectionId).ifPresent(connection -> bankAccounts(connection)
                    .forEach(account -> accounts.add(shown(connection, account))));
        }
        return accounts;
    }

    Optional<JsonNode> account(AccountId id) {
        return liveConnection(id.connectionId()).flatMap(connection -> bankAccounts(connection).stream()
                .filter(account -> id.bankAccountId().equals(account.path("id").asText()))
                .findFirst().map(account -> shown(connection, account)));
    }

    Optional<List<JsonNode>> transactions(AccountId id) {
        Optional<BankConnection> connection = liveConnection(id.connectionId());
        if (connection.isEmpty() || account(id).isEmpty()) {
            return Optional.empty();
        }
        JsonNode body = bankGet(connection.get(), "accounts/" + id.bankAccountId() + "/transactions");
        Instant from = connection.get().transactionsFrom();
        List<JsonNode> transactions = new ArrayList<>();
        body.path("transactions").forEach(transaction -> {
            String direction = transaction.path("direction").asText();
            boolean allowed = granted.stream().anyMatch(scope -> scope.allowsTransactionDirection(direction))
                    && connection.get().dataScopes().stream().anyMatch(scope -> scope.allowsTransactionDirection(direction));
            boolean inWindow = from == null || !Instant.parse(transaction.path("bookedAt").asText()).isBefore(from);
            if (allowed && inWindow) {
                ObjectNode shown = ((ObjectNode) transaction.deepCopy()).put("accountId", id.toString());
                transactions.add(shown);
            }
        });
        return Optional.of(transactions);
    }

    private Optional<BankConnection> liveConnection(String connectionId) {
        if (!coveredConnectionIds.contains(connectionId)) {
            return Optional.empty();
        }
        return connections.find(profileId, connectionId).filter(c -> c.isLive(Instant.now()));
    }

    private List<JsonNode> bankAccounts(BankConnection connection) {
        List<JsonNode> accounts = new ArrayList<>();
        bankGet(connection, "accounts").path("accounts").forEach(accounts::add);
        return accounts;
    }

    private JsonNode shown(BankConnection connection, JsonNode bankAccount) {
        ObjectNode account = bankAccount.deepCopy();
        account.put("id", new AccountId(connection.id(), bankAccount.path("id").asText()).toString());
        account.put("connectionId", connection.id());
        account.put("bankId", connection.bankId());
        if (!granted.contains(DataScope.ACCOUNT_DETAILS) || !connection.dataScopes().contains(DataScope.ACCOUNT_DETAILS)) {
            account.remove("details");
        }
        return account;
    }

    private JsonNode bankGet(BankConnection connection, String path) {
        Bank bank = Bank.find(session, connection.bankId()).orElseThrow(() -> ApiError.badGateway("Bank no longer available"));
        BankTokens tokens;
        try {
            tokens = connections.tokens(connection).orElseThrow(() -> ApiError.notFound("Connection"));
        } catch (IllegalStateException unreadable) {
            LOG.warnf("Connection %s: %s", connection.id(), unreadable.getMessage());
            throw ApiError.badGateway("The connection needs re-authorisation");
        }
        try {
            if (tokens.expiredAt(Instant.now()) && tokens.refreshToken() != null) {
                tokens = bankClient.refresh(bank, tokens.refreshToken());
                connections.updateTokens(connection, tokens);
            }
            return bankClient.get(bank, path, Map.of(), tokens.accessToken());
        } catch (BankException e) {
            LOG.infof("Bank %s data call for connection %s failed: %s", bank.id(), connection.id(), e.getMessage());
            throw ApiError.badGateway("The bank could not provide the data");
        }
    }
}
