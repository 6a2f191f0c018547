package io.openfinance.identity.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.openfinance.identity.store.BankConnectionEntity;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

/**
 * Our own syncs ({@code auto-update}): each live connection is read once per {@link SyncSettings#syncPeriod()} (default
 * 6 hours, four a day), its turn spread over the period by a jitter of its own, so that connections made together are
 * not all read at once. Each read first takes a place in the connection's {@link UnattendedAllowance}: whatever the
 * settings, the partner's own unattended syncs and ours together stay within it. Connections without any sync yet
 * (made before the store existed) are read at the first scan after the upgrade. Run by one node of the cluster at a
 * time; a node that dies mid-sync has written nothing of it, and the connection is still due at the next scan.
 */
public final class UnattendedSyncScan implements ScheduledTask {

    public static final String NAME = "open-finance-unattended-syncs";
    private static final Logger LOG = Logger.getLogger(UnattendedSyncScan.class);
    private static final int BATCH = 50;
    /** A connection this new is left to its first sync, which may still run. */
    private static final Duration NEW = Duration.ofMinutes(10);

    @Override
    public void run(KeycloakSession session) {
        SyncSettings settings = SyncSettings.current();
        Duration period = settings.syncPeriod();
        Instant now = Instant.now();
        List<BankConnectionEntity> candidates = session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createNamedQuery("ofConnectionsWithoutSyncSince", BankConnectionEntity.class)
                .setParameter("now", now.toEpochMilli())
                .setParameter("madeBefore", now.minus(NEW).toEpochMilli())
                .setParameter("since", now.minus(period.minus(maxJitter(period))).toEpochMilli())
                .setMaxResults(BATCH * 4).getResultList();
        int synced = 0;
        for (BankConnectionEntity connection : candidates) {
            if (synced == BATCH) {
                break;
            }
            Instant dueAfter = dueAfter(session, connection, period);
            if (now.isBefore(dueAfter)
                    || UnattendedAllowance.take(session.getKeycloakSessionFactory(), connection.getId(), now.minus(period).plus(jitter(connection, period))).isPresent()) {
                continue;
            }
            BankSync.run(session.getKeycloakSessionFactory(), connection.getRealmId(), connection.getProfileId(), connection.getId(),
                    BankSync.Action.AUTO_UPDATE, null, null);
            synced++;
        }
        if (synced > 0) {
            LOG.debugf("Synced %d connections", synced);
        }
    }

    /** Never synced: due now. Else due a period after its last sync, less its own share of the jitter. */
    private static Instant dueAfter(KeycloakSession session, BankConnectionEntity connection, Duration period) {
        Long last = Syncs.of(session).lastCreatedAt(connection.getId());
        return last == null ? Instant.EPOCH : Instant.ofEpochMilli(last).plus(period).minus(jitter(connection, period));
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
