package io.openfinance.identity.users;

import io.openfinance.identity.bank.BankConnector;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.bank.Banks;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.ConnectionProvider;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;

/** Before a connection is deleted, its bank is told our tokens are no longer wanted. Best effort: never blocks the delete. */
final class BankRevocation {

    private static final Logger LOG = Logger.getLogger(BankRevocation.class);

    private BankRevocation() {
    }

    static void revoke(KeycloakSession session, BankConnection connection) {
        Banks.find(session, connection.bankId()).ifPresent(bank -> {
            try {
                BankConnector connector = BankConnector.of(session, bank);
                session.getProvider(ConnectionProvider.class).tokens(session.getContext().getRealm(), connection)
                        .ifPresent(tokens -> connector.revoke(bank, tokens));
            } catch (BankException | IllegalStateException e) {
                LOG.infof("Connection %s: bank tokens not revoked at %s (%s)", connection.id(), bank.id(), e.getMessage());
            }
        });
    }
}
