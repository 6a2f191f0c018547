package io.openfinance.identity.store;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.persistence.EntityManager;

import io.openfinance.identity.metrics.OpenFinanceMetrics;
import io.openfinance.identity.sealing.Sealer;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * The upgrade from bank tokens sealed under the realm's AES key (whose secret the database holds) to envelope
 * encryption: re-seals a batch of such connections per round, on one node at a time, and logs when none is left.
 * Every node counts what is left ({@code of_sealing_pending{kind="legacy_values"}}) until it finds none: nothing seals
 * the old way any more.
 */
final class LegacyBankTokenReseal implements ScheduledTask {

    static final String NAME = "open-finance-legacy-bank-token-reseal";
    private static final Logger LOG = Logger.getLogger(LegacyBankTokenReseal.class);
    private static final String CURRENT_FORMAT = Sealer.FORMAT + "%";

    private final int batchSize;
    private final AtomicBoolean done = new AtomicBoolean();

    LegacyBankTokenReseal(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public void run(KeycloakSession session) {
        if (done.get()) {
            return;
        }
        List<String> batch = em(session).createNamedQuery("ofConnectionsSealedTheOldWay", String.class)
                .setParameter("format", CURRENT_FORMAT).setMaxResults(batchSize).getResultList();
        JpaBankConnectionProvider store = new JpaBankConnectionProvider(session);
        for (String connectionId : batch) {
            try {
                store.resealTokens(connectionId);
            } catch (RuntimeException e) {
                LOG.warnf("The bank tokens of connection %s could not be re-sealed (next round retries): %s", connectionId, e.getMessage());
            }
        }
        if (!batch.isEmpty() && left(session) == 0) {
            LOG.info("Every bank token is now sealed under the key-encryption key; none is left under a realm AES key");
        }
    }

    /** On every node: the gauge; once nothing is left, this node stops counting and re-sealing. */
    void count(KeycloakSessionFactory factory) {
        if (done.get()) {
            return;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, this::count);
        } catch (RuntimeException e) {
            LOG.warn("Could not count the bank tokens sealed the old way", e);
        }
    }

    private void count(KeycloakSession session) {
        long left = left(session);
        OpenFinanceMetrics.sealingPending("legacy_values", left);
        done.set(left == 0);
    }

    private static long left(KeycloakSession session) {
        return em(session).createNamedQuery("ofCountConnectionsSealedTheOldWay", Long.class)
                .setParameter("format", CURRENT_FORMAT).getSingleResult();
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    @Override
    public String getTaskName() {
        return NAME;
    }
}
