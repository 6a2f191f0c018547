package io.openfinance.identity.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The banks' limit on reads without the customer (PSD2 RTS art. 36(5): 4 in 24 hours): a read takes a place in its
 * connection's window before the bank is called, in the transaction that claims its lease ({@link SyncLeases}) and holds
 * the connection's row lock, so that two nodes asking at once are counted one after the other and never make a read
 * past the allowance.
 */
public final class UnattendedAllowance {

    static final Duration WINDOW = Duration.ofHours(24);

    private UnattendedAllowance() {
    }

    /**
     * Takes a place for a read, in the caller's transaction, which holds the connection's row lock.
     *
     * @return empty when the read may go ahead (its place is taken); otherwise how long until a place frees up
     */
    static Optional<Duration> takeLocked(EntityManager em, String connectionId) {
        Instant now = Instant.now();
        List<Long> reads = em.createNamedQuery("ofUnattendedReadsSince", Long.class).setParameter("connectionId", connectionId)
                .setParameter("since", now.minus(WINDOW).toEpochMilli()).getResultList();
        int allowance = SyncSettings.current().unattendedAllowance();
        if (reads.size() >= allowance) {
            Instant freed = Instant.ofEpochMilli(reads.get(reads.size() - allowance)).plus(WINDOW);
            return Optional.of(Duration.between(now, freed));
        }
        UnattendedReadEntity read = new UnattendedReadEntity();
        read.setId(UUID.randomUUID().toString());
        read.setConnectionId(connectionId);
        read.setReadAt(now.toEpochMilli());
        em.persist(read);
        return Optional.empty();
    }

    /** Reads older than the window count no more. */
    public static void prune(KeycloakSession session) {
        session.getProvider(JpaConnectionProvider.class).getEntityManager().createNamedQuery("ofPruneUnattendedReads")
                .setParameter("before", Instant.now().minus(WINDOW).toEpochMilli()).executeUpdate();
    }
}
