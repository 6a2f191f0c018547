package io.openfinance.identity.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import io.openfinance.identity.store.BankConnectionEntity;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.timer.ScheduledTask;

/**
 * Our own syncs ({@code auto-update}): each live connection is read once per {@link SyncSettings#syncPeriod()} (default
 * 6 hours, four a day), its turn spread over the period by a jitter of its own, so that connections made together are
 * not all read at once. Each read is claimed first under a lease ({@link SyncLeases}) that takes a place in the
 * connection's {@link UnattendedAllowance}: whatever the settings, the partner's own unattended syncs and ours together
 * stay within it. Connections without any sync yet (made before the store existed) are read at the first scan after
 * the upgrade. Run by one node of the cluster at a time; a sync whose node died has written nothing, and its lease,
 * once run out, is taken over here before any new sync is claimed: as one of ours, unattended, whoever asked for it.
 */
public final class UnattendedSyncScan implements ScheduledTask {

    public static final String NAME = "open-finance-unattended-syncs";
    private static final Logger LOG = Logger.getLogger(UnattendedSyncScan.class);
    private static final int BATCH = 50;
    /** A connection this new and never synced is left to its first sync, which may still run. */
    private static final Duration NEW = Duration.ofMinutes(10);

    @Override
    public void run(KeycloakSession session) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        Duration period = SyncSettings.current().syncPeriod();
        Instant now = Instant.now();
        int synced = 0;
        for (BankConnectionEntity connection : em.createNamedQuery("ofConnectionsWithExpiredSyncLease", BankConnectionEntity.class)
                .setParameter("now", now.toEpochMilli()).setMaxResults(BATCH).getResultList()) {
            synced += run(factory, connection, SyncLeases.takeOver(factory, connection.getId()));
        }
        List<BankConnectionEntity> candidates = em.createNamedQuery("ofConnectionsWithoutSyncSince", BankConnectionEntity.class)
                .setParameter("now", now.toEpochMilli())
                .setParameter("madeBefore", now.minus(NEW).toEpochMilli())
                .setParameter("since", now.minus(period.minus(maxJitter(period))).toEpochMilli())
                .setMaxResults(BATCH * 4).getResultList();
        for (BankConnectionEntity connection : candidates) {
            if (synced >= BATCH) {
                break;
            }
            // Due a period after its last sync, less its own share of the jitter.
            Instant syncedAfter = now.minus(period).plus(jitter(connection, period));
            synced += run(factory, connection, SyncLeases.claim(factory, connection.getId(), syncedAfter));
        }
        if (synced > 0) {
            LOG.debugf("Synced %d connections", synced);
        }
    }

    private static int run(KeycloakSessionFactory factory, BankConnectionEntity connection, Optional<SyncLeases.Claim> claim) {
        claim.ifPresent(held -> BankSync.runClaimed(factory, connection.getRealmId(), connection.getProfileId(), held,
                BankSync.Action.AUTO_UPDATE, null, null));
        return claim.isPresent() ? 1 : 0;
    }

    private static Duration jitter(BankConnectionEntity connection, Duration period) {
        return Duration.ofMillis(Math.floorMod(connection.getId().hashCode(), Math.max(1, maxJitter(period).toMillis())));
    }

    private static Duration maxJitter(Duration period) {
        return period.dividedBy(8);
    }

    @Override
    public String getTaskName() {
        return NAME;
    }
}
