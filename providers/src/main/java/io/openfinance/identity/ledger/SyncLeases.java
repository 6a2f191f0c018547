package io.openfinance.identity.ledger;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import io.openfinance.identity.store.BankConnectionEntity;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The leases of our unattended syncs ({@link SyncLeaseEntity}). Claiming a sync and taking one over each take the
 * connection's row lock and a place in its {@link UnattendedAllowance} in one committed transaction, before the bank
 * is called: two nodes never read one connection at once, and a read a dead node made still counts.
 */
final class SyncLeases {

    private static final Logger LOG = Logger.getLogger(SyncLeases.class);
    /** This JVM, as {@code pid@host}. */
    private static final String HOLDER = ManagementFactory.getRuntimeMXBean().getName();

    /** A node's hold on one sync: it records the sync only while no other node took it over. */
    record Claim(String connectionId, String syncId, Instant createdAt, int attempt) {
    }

    private SyncLeases() {
    }

    /**
     * A new sync of the connection, unless one is in flight, one was made after {@code syncedAfter} (another node's
     * scan was quicker), or the allowance is spent.
     */
    static Optional<Claim> claim(KeycloakSessionFactory factory, String connectionId, Instant syncedAfter) {
        return locked(factory, connectionId, (session, now) -> {
            EntityManager em = entityManager(session);
            Long last = Syncs.of(session).lastCreatedAt(connectionId);
            if (em.find(SyncLeaseEntity.class, connectionId) != null || last != null && last > syncedAfter.toEpochMilli()
                    || UnattendedAllowance.takeLocked(em, connectionId).isPresent()) {
                return null;
            }
            SyncLeaseEntity lease = new SyncLeaseEntity();
            lease.setConnectionId(connectionId);
            lease.setSyncId(UUID.randomUUID().toString());
            lease.setCreatedAt(now.toEpochMilli());
            lease.setAttempt(1);
            hold(lease, now);
            em.persist(lease);
            return lease;
        });
    }

    /** The connection's sync whose lease ran out, one attempt further, once the allowance has a place for its read. */
    static Optional<Claim> takeOver(KeycloakSessionFactory factory, String connectionId) {
        return locked(factory, connectionId, (session, now) -> {
            EntityManager em = entityManager(session);
            SyncLeaseEntity lease = em.find(SyncLeaseEntity.class, connectionId);
            if (lease == null || lease.getLeaseUntil() >= now.toEpochMilli()
                    || UnattendedAllowance.takeLocked(em, connectionId).isPresent()) {
                return null;
            }
            LOG.infof("Sync %s of connection %s: the lease of %s ran out, taken over", lease.getSyncId(), connectionId, lease.getHolder());
            lease.setAttempt(lease.getAttempt() + 1);
            hold(lease, now);
            return lease;
        });
    }

    /** Ends the claim, in the transaction that records the sync: false when another node took the sync over meanwhile. */
    static boolean release(EntityManager em, Claim claim) {
        return em.createNamedQuery("ofReleaseSyncLease").setParameter("connectionId", claim.connectionId())
                .setParameter("syncId", claim.syncId()).setParameter("attempt", claim.attempt()).executeUpdate() == 1;
    }

    /** Ends a claim whose connection is no longer there to read, or no longer live. */
    static void release(KeycloakSessionFactory factory, Claim claim) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> release(entityManager(session), claim));
    }

    private static void hold(SyncLeaseEntity lease, Instant now) {
        lease.setLeaseUntil(now.plus(SyncSettings.current().syncLease()).toEpochMilli());
        lease.setHolder(HOLDER);
    }

    private static Optional<Claim> locked(KeycloakSessionFactory factory, String connectionId,
                                          BiFunction<KeycloakSession, Instant, SyncLeaseEntity> claim) {
        return Optional.ofNullable(KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            if (entityManager(session).find(BankConnectionEntity.class, connectionId, LockModeType.PESSIMISTIC_WRITE) == null) {
                return null;
            }
            SyncLeaseEntity lease = claim.apply(session, Instant.now());
            return lease == null ? null : new Claim(connectionId, lease.getSyncId(), Instant.ofEpochMilli(lease.getCreatedAt()),
                    lease.getAttempt());
        }));
    }

    private static EntityManager entityManager(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
