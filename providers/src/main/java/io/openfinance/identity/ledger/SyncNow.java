package io.openfinance.identity.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * A sync asked for now rather than scheduled: the partner's ({@code POST /data/sync/{id}}), or ours at connect. It takes
 * the connection's lease like any sync ({@link SyncLeases}); when another sync of the connection holds it, it waits up
 * to {@link #WAIT} for that one to end. The partner's then answers with the sync that just read the bank, without
 * reading it again (nor counting a read); ours at connect, which must read under the consent just given, claims the
 * lease in turn and reads.
 */
public final class SyncNow {

    /** How long a sync asked for now waits for one in flight: a bank's read of a whole history takes seconds. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    /** How it ended. */
    public sealed interface Answer permits Ran, Spent, InFlight {
    }

    /** The sync ran, or the one in flight answered for it; empty when the connection is gone or its consent ended. */
    public record Ran(Optional<BankSync.Outcome> outcome) implements Answer {
    }

    /** The connection's unattended reads are spent for {@code retryAfter}: nothing was called. */
    public record Spent(Duration retryAfter) implements Answer {
    }

    /** Another sync of the connection was still in flight after {@link #WAIT}: nothing was called. */
    public record InFlight(Duration retryAfter) implements Answer {
    }

    private SyncNow() {
    }

    /** @param customerIpAddress the present customer's address; null for an unattended read, counted against the allowance */
    public static Answer partners(KeycloakSessionFactory factory, String realmId, String profileId, String connectionId,
                                  String customerIpAddress, String issuer) {
        return run(factory, realmId, profileId, connectionId, BankSync.Action.CLIENT_UPDATE, customerIpAddress, issuer, true);
    }

    /** Ours right after the bank gave its tokens; the customer is present. */
    static Answer atConnect(KeycloakSessionFactory factory, String realmId, String profileId, String connectionId,
                            String customerIpAddress, String issuer) {
        return run(factory, realmId, profileId, connectionId, BankSync.Action.AUTO_UPDATE, customerIpAddress, issuer, false);
    }

    private static Answer run(KeycloakSessionFactory factory, String realmId, String profileId, String connectionId,
                              BankSync.Action action, String customerIpAddress, String issuer, boolean answeredByInFlight) {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            Optional<SyncLeases.Turn> turn = SyncLeases.claimNow(factory, connectionId, customerIpAddress == null);
            if (turn.isEmpty()) {
                return new Ran(Optional.empty());
            }
            if (turn.get() instanceof SyncLeases.Claim claim) {
                return new Ran(BankSync.runClaimed(factory, realmId, profileId, claim, action, customerIpAddress, issuer));
            }
            if (turn.get() instanceof SyncLeases.Spent spent) {
                return new Spent(spent.retryAfter());
            }
            String inFlight = ((SyncLeases.InFlight) turn.get()).syncId();
            if (!awaitEnd(factory, connectionId, inFlight, deadline)) {
                return new InFlight(WAIT);
            }
            if (answeredByInFlight) {
                Optional<BankSync.Outcome> recorded = recorded(factory, inFlight);
                if (recorded.isPresent()) {
                    return new Ran(recorded);
                }
            }
        }
    }

    /** False when the sync still holds the lease at the deadline. */
    private static boolean awaitEnd(KeycloakSessionFactory factory, String connectionId, String syncId, Instant deadline) {
        while (Instant.now().isBefore(deadline)) {
            if (SyncLeases.inFlight(factory, connectionId).filter(syncId::equals).isEmpty()) {
                return true;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** The sync as recorded; empty when it ended without a record (its connection gone meanwhile). */
    private static Optional<BankSync.Outcome> recorded(KeycloakSessionFactory factory, String syncId) {
        return Optional.ofNullable(KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            SyncEntity sync = em.find(SyncEntity.class, syncId);
            return sync == null ? null : new BankSync.Outcome(sync.getId(), sync.getFetchStatus());
        }));
    }
}
