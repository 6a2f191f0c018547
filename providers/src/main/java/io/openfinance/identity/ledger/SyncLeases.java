package io.openfinance.identity.ledger;

import java.lang.management.ManagementFactory;
import java.time.Duration;
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
 * The leases of syncs in flight ({@link SyncLeaseEntity}): every sync, ours (scheduled, or at connect) and the
 * partner's, holds its connection's lease while it reads the bank, so that two syncs of one connection never read it at
 * once, whichever nodes run them. Claiming a sync and taking one over each take the connection's row lock, and for an
 * unattended read a place in its {@link UnattendedAllowance}, in one committed transaction, before the bank is called:
 * a read a dead node made still counts.
 */
final class SyncLeases {

    private static final Logger LOG = Logger.getLogger(SyncLeases.class);
    /** This JVM, as {@code pid@host}. */
    private static final String HOLDER = ManagementFactory.getRuntimeMXBean().getName();

    /** What asking for a sync now gave: the sync's {@link Claim}, or why not. */
    sealed interface Turn permits Claim, InFlight, Spent {
    }

    /** A node's hold on one sync: it records the sync only while no other node took it over. */
    record Claim(String connectionId, String syncId, Instant createdAt, int attempt) implements Turn {
    }

    /** Another sync of the connection holds its lease. */
    record InFlight(String syncId) implements Turn {
    }

    /** The connection's unattended reads are spent until {@code retryAfter} from now: nothing was taken. */
    record Spent(Duration retryAfter) implements Turn {
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
            return newLease(em, connectionId, now);
        });
    }

    /**
     * A sync asked for now (at connect, or by the partner): claimed unless another is in flight, or, for an unattended
     * read, the allowance is spent. Empty when the connection is gone.
     */
    static Optional<Turn> claimNow(KeycloakSessionFactory factory, String connectionId, boolean unattended) {
        return locked(factory, connectionId, (session, now) -> {
            EntityManager em = entityManager(session);
            SyncLeaseEntity held = em.find(SyncLeaseEntity.class, connectionId);
            if (held != null) {
                return new InFlight(held.getSyncId());
            }
            Optional<Duration> spent = unattended ? UnattendedAllowance.takeLocked(em, connectionId) : Optional.empty();
            return spent.<Turn>map(Spent::new).orElseGet(() -> newLease(em, connectionId, now));
        });
    }

    /**
     * The first sync of a connection being made in the caller's transaction: no other sync can hold its lease yet, so it
     * is taken there, without a transaction of its own, and goes with that transaction if it rolls back.
     */
    static Claim claimNew(EntityManager em, String connectionId) {
        return newLease(em, connectionId, Instant.now());
    }

    /** The sync id of the connection's lease, if one is held (or ran out and is not taken over yet). */
    static Optional<String> inFlight(KeycloakSessionFactory factory, String connectionId) {
        return Optional.ofNullable(KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            SyncLeaseEntity lease = entityManager(session).find(SyncLeaseEntity.class, connectionId);
            return lease == null ? null : lease.getSyncId();
        }));
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
            return claimOf(lease);
        });
    }

    /** Ends the claim, in the transaction that records the sync: false when another node took the sync over meanwhile. */
    static boolean release(EntityManager em, Claim claim) {
        return em.createNamedQuery("ofReleaseSyncLease").setParameter("connectionId", claim.connectionId())
                .setParameter("syncId", claim.syncId()).setParameter("attempt", claim.attempt()).executeUpdate() == 1;
    }

    /** Ends a claim whose connection is no longer there to read or no longer live, or whose sync failed. */
    static void release(KeycloakSessionFactory factory, Claim claim) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> release(entityManager(session), claim));
    }

    private static Claim newLease(EntityManager em, String connectionId, Instant now) {
        SyncLeaseEntity lease = new SyncLeaseEntity();
        lease.setConnectionId(connectionId);
        lease.setSyncId(UUID.randomUUID().toString());
        lease.setCreatedAt(now.toEpochMilli());
        lease.setAttempt(1);
        hold(lease, now);
        em.persist(lease);
        return claimOf(lease);
    }

    private static void hold(SyncLeaseEntity lease, Instant now) {
        lease.setLeaseUntil(now.plus(SyncSettings.current().syncLease()).toEpochMilli());
        lease.setHolder(HOLDER);
    }

    private static Claim claimOf(SyncLeaseEntity lease) {
        return new Claim(lease.getConnectionId(), lease.getSyncId(), Instant.ofEpochMilli(lease.getCreatedAt()), lease.getAttempt());
    }

    /** {@code work} in a transaction of its own that holds the connection's row lock; null when the connection is gone. */
    private static <T> Optional<T> locked(KeycloakSessionFactory factory, String connectionId,
                                          BiFunction<KeycloakSession, Instant, T> work) {
        return Optional.ofNullable(KeycloakModelUtils.runJobInTransactionWithResult(factory, session ->
                entityManager(session).find(BankConnectionEntity.class, connectionId, LockModeType.PESSIMISTIC_WRITE) == null
                        ? null : work.apply(session, Instant.now())));
    }

    private static EntityManager entityManager(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
