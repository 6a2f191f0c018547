package io.openfinance.identity.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.events.ConnectionEvent;
import io.openfinance.identity.events.EventOutbox;
import io.openfinance.identity.events.EventType;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.BankConnection.ConnectionError;
import io.openfinance.identity.store.ConnectionProvider;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * One sync of a connection, under its lease ({@link SyncLeases}): reads its bank (no database transaction held
 * meanwhile beyond the read's own), then, in one transaction under the connection's row lock, ends the lease, writes
 * the store, records the sync, sets the connection's fields and queues {@code connection.synced} or
 * {@code connection.error}. A node that dies before that commit leaves nothing written, and a lease another node takes
 * over once it runs out; a failed read leaves the stored data as it was.
 */
public final class BankSync {

    /** Who asked: {@code auto-update} for ours (at connect, scheduled), {@code client-update} for the partner's. */
    public enum Action {
        AUTO_UPDATE, CLIENT_UPDATE;

        String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** @param fetchStatus {@code success}, {@code error} or {@code credentials-error} */
    public record Outcome(String syncId, String fetchStatus) {
        public boolean ok() {
            return SUCCESS.equals(fetchStatus);
        }
    }

    static final String SUCCESS = "success";

    private BankSync() {
    }

    /**
     * The sync under {@code claim}: recorded under the claim's sync id, and only if no other node took it over meanwhile
     * (then nothing of this attempt is written); the claim ends either way.
     *
     * @param customerIpAddress the present customer's address, null for an unattended read (counted by the claim)
     * @param issuer the issuer of the partner request that led to the sync, for its events; null for ours
     * @return empty when the connection is gone or its consent ended (nothing was read), or the sync was taken over
     */
    static Optional<Outcome> runClaimed(KeycloakSessionFactory factory, String realmId, String profileId, SyncLeases.Claim claim,
                                        Action action, String customerIpAddress, String issuer) {
        return run(factory, realmId, profileId, claim, action, customerIpAddress, issuer, false);
    }

    /**
     * A new connection's first sync, under the lease taken in the transaction that made it: no sync of it can have been
     * recorded before (one that took the lease over would have ended this one's), so it is an {@code ADD} unasked.
     */
    static Optional<Outcome> runFirst(KeycloakSessionFactory factory, String realmId, String profileId, SyncLeases.Claim claim,
                                      String customerIpAddress, String issuer) {
        return run(factory, realmId, profileId, claim, Action.AUTO_UPDATE, customerIpAddress, issuer, true);
    }

    private static Optional<Outcome> run(KeycloakSessionFactory factory, String realmId, String profileId, SyncLeases.Claim claim,
                                         Action action, String customerIpAddress, String issuer, boolean first) {
        try {
            Attempt attempt = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    session -> read(session, realmId, profileId, claim.connectionId(), customerIpAddress));
            if (attempt == null) {
                SyncLeases.release(factory, claim);
                return Optional.empty();
            }
            return Optional.ofNullable(KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    session -> write(session, realmId, attempt, claim, action, issuer, first)));
        } catch (RuntimeException e) {
            SyncLeases.release(factory, claim);
            throw e;
        }
    }

    /** What the read gave: the bank's answer, or why there is none. */
    private record Attempt(BankConnection connection, BankReading.Read read, ConnectionError error) {
    }

    private static Attempt read(KeycloakSession session, String realmId, String profileId, String connectionId,
                                String customerIpAddress) {
        RealmModel realm = session.realms().getRealm(realmId);
        Optional<BankConnection> connection = realm == null ? Optional.empty()
                : session.getProvider(ConnectionProvider.class).find(realm, profileId, connectionId).filter(c -> c.isLive(Instant.now()));
        if (connection.isEmpty()) {
            return null;
        }
        session.getContext().setRealm(realm);
        try {
            return new Attempt(connection.get(), new BankReading(session, realm).read(connection.get(), customerIpAddress), null);
        } catch (BankException e) {
            return new Attempt(connection.get(), null, e.refused() ? ConnectionError.CREDENTIALS_ERROR : ConnectionError.SYNC_ERROR);
        }
    }

    private static Outcome write(KeycloakSession session, String realmId, Attempt attempt, SyncLeases.Claim claim, Action action,
                                 String issuer, boolean first) {
        RealmModel realm = session.realms().getRealm(realmId);
        session.getContext().setRealm(realm);
        SyncWriter writer = new SyncWriter(session);
        BankConnection connection = attempt.connection();
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        if (!writer.lock(connection) || !SyncLeases.release(em, claim)) {
            return null;
        }
        SyncWriter.Written written = attempt.read() == null ? new SyncWriter.Written(List.of(), 0, 0)
                : writer.write(realm, connection, attempt.read());
        String status = attempt.error() == null ? SUCCESS
                : attempt.error() == ConnectionError.CREDENTIALS_ERROR ? "credentials-error" : "error";
        SyncEntity sync = new SyncEntity();
        sync.setId(claim.syncId());
        sync.setConnectionId(connection.id());
        sync.setAction(action.code());
        sync.setMethod(first || !Syncs.of(session).hasAny(connection.id()) ? "ADD" : "UPDATE");
        sync.setFetchStatus(status);
        sync.setCreatedAt(claim.createdAt().toEpochMilli());
        sync.setFetchedAt(Instant.now().toEpochMilli());
        sync.setAccountIds(String.join(" ", written.accountIds()));
        sync.setAdded(written.added());
        sync.setUpdated(written.updated());
        em.persist(sync);
        session.getProvider(ConnectionProvider.class).recordSync(realm, connection, written.accountIds(), attempt.error(), issuer);
        if (attempt.error() == null) {
            session.getProvider(EventOutbox.class).addFor(realm, ConnectionEvent.of(EventType.SYNCED, connection.profileId(),
                            connection.id(), connection.bankId()).with("syncId", sync.getId())
                    .with("added", Integer.toString(written.added())).with("updated", Integer.toString(written.updated())), issuer);
        }
        return new Outcome(sync.getId(), status);
    }
}
