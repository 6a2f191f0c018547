package io.openfinance.identity.ledger;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.openfinance.identity.events.EventOutbox;
import io.openfinance.identity.metrics.OpenFinanceMetrics;
import io.openfinance.identity.store.BankConnection;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * A connection's sync right after the bank gave its tokens, while the bank still serves the whole consented history
 * (a bank serves transactions older than 90 days only within minutes of the consent). The customer is present: the
 * bank is given their address, and the read is not counted against the unattended allowance. It starts once the connect
 * flow's transaction has committed the connection, on a worker of its own, under the connection's lease: a new
 * connection's is taken in that transaction; after a re-authorisation, through {@link SyncNow}, once a sync still in
 * flight under the former consent has ended. The partner's redirect
 * waits for it at most {@link SyncSettings#firstSyncWait()}, and learns the end from {@code connection.synced} or the
 * connection's status.
 */
public final class FirstSync {

    private static final Logger LOG = Logger.getLogger(FirstSync.class);
    static final String EXECUTOR = "open-finance-sync";

    private FirstSync() {
    }

    /** @param made whether the connection is made in this transaction (else it was renewed) */
    public static void afterCommit(KeycloakSession session, RealmModel realm, BankConnection connection, boolean made) {
        SyncLeases.Claim claim = made
                ? SyncLeases.claimNew(session.getProvider(JpaConnectionProvider.class).getEntityManager(), connection.id()) : null;
        String issuer = EventOutbox.requestIssuer(session, realm);
        String customerIpAddress = session.getContext().getConnection().getRemoteAddr();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorsProvider executors = session.getProvider(ExecutorsProvider.class);
        String realmId = realm.getId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                long began = System.nanoTime();
                Future<?> sync = executors.getExecutor(EXECUTOR).submit(() -> run(factory, realmId, connection, claim, customerIpAddress, issuer));
                try {
                    sync.get(SyncSettings.current().firstSyncWait().toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    LOG.debugf("First sync of connection %s goes on after the redirect", connection.id());
                } catch (ExecutionException | InterruptedException e) {
                    LOG.debugf(e, "First sync of connection %s", connection.id());
                } finally {
                    OpenFinanceMetrics.firstSyncWait(connection.bankId(), Duration.ofNanos(System.nanoTime() - began));
                }
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    private static void run(KeycloakSessionFactory factory, String realmId, BankConnection connection, SyncLeases.Claim claim,
                            String customerIpAddress, String issuer) {
        try {
            if (claim != null) {
                BankSync.runFirst(factory, realmId, connection.profileId(), claim, customerIpAddress, issuer);
            } else if (SyncNow.atConnect(factory, realmId, connection.profileId(), connection.id(), customerIpAddress, issuer)
                    instanceof SyncNow.InFlight) {
                LOG.infof("First sync of connection %s not run: another sync of it is still in flight", connection.id());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "First sync of connection %s failed", connection.id());
        }
    }
}
