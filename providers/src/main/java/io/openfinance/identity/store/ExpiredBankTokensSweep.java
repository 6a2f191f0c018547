package io.openfinance.identity.store;

import java.time.Instant;

import io.openfinance.identity.metrics.OpenFinanceMetrics;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

/**
 * No bank secret is kept longer than its consent: erases the bank tokens of connections whose consent ended.
 * The connection row stays (the partner sees {@code extendedStatus: expired}). Run by one node of the cluster at a time.
 */
final class ExpiredBankTokensSweep implements ScheduledTask {

    static final String NAME = "open-finance-expired-bank-tokens";
    private static final Logger LOG = Logger.getLogger(ExpiredBankTokensSweep.class);

    @Override
    public void run(KeycloakSession session) {
        int erased = session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createNamedQuery("ofEraseExpiredBankTokens")
                .setParameter("now", Instant.now().toEpochMilli())
                .executeUpdate();
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
