package io.openfinance.identity.store;

import java.time.Instant;

import jakarta.persistence.EntityManager;

import io.openfinance.identity.ledger.StoredData;
import io.openfinance.identity.ledger.SyncSettings;
import io.openfinance.identity.ledger.UnattendedAllowance;
import io.openfinance.identity.metrics.OpenFinanceMetrics;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

/**
 * No bank secret is kept longer than its consent: erases the bank tokens of connections whose consent ended, and their
 * stored bank data once the retention ({@code data-retention-seconds}, default none) has passed; forgets unattended
 * reads older than their 24-hour window.
 * The connection row stays (the partner sees {@code extendedStatus: expired}). Run by one node of the cluster at a time.
 */
final class ExpiredBankTokensSweep implements ScheduledTask {

    static final String NAME = "open-finance-expired-bank-tokens";
    private static final Logger LOG = Logger.getLogger(ExpiredBankTokensSweep.class);

    @Override
    public void run(KeycloakSession session) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        Instant now = Instant.now();
        int erased = em.createNamedQuery("ofEraseExpiredBankTokens")
                .setParameter("now", now.toEpochMilli())
                .executeUpdate();
        StoredData.of(session).forgetConsentsEndedBefore(now.minus(SyncSettings.current().dataRetention()));
        UnattendedAllowance.prune(session);
        if (erased > 0) {
            LOG.infof("Erased the bank tokens of %d connections whose consent ended", erased);
            OpenFinanceMetrics.bankTokensErased(erased);
        }
    }

    @Override
    public String getTaskName() {
        return NAME;
    }
}
