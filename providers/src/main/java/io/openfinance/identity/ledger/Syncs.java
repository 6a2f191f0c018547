package io.openfinance.identity.ledger;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import io.openfinance.identity.store.BankConnection;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** The recorded syncs, as partners list them ({@code getConnectionSyncs}, {@code getSync}). */
public final class Syncs {

    private final EntityManager em;

    private Syncs(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public static Syncs of(KeycloakSession session) {
        return new Syncs(session);
    }

    boolean hasAny(String connectionId) {
        return !em.createNamedQuery("ofSyncsOfConnection", SyncEntity.class).setParameter("connectionId", connectionId)
                .setMaxResults(1).getResultList().isEmpty();
    }

    Long lastCreatedAt(String connectionId) {
        return em.createNamedQuery("ofLastSyncOfConnection", Long.class).setParameter("connectionId", connectionId).getSingleResult();
    }

    /** Newest first. */
    public List<Map<String, Object>> ofConnection(BankConnection connection, int offset, int limit) {
        return em.createNamedQuery("ofSyncsOfConnection", SyncEntity.class).setParameter("connectionId", connection.id())
                .setFirstResult(offset).setMaxResults(limit).getResultStream().map(sync -> json(sync, connection)).toList();
    }

    /** The sync's connection id, to check whose it is before {@link #shown}. */
    public Optional<String> connectionOf(String syncId) {
        return syncId == null || syncId.length() > 36 ? Optional.empty()
                : Optional.ofNullable(em.find(SyncEntity.class, syncId)).map(SyncEntity::getConnectionId);
    }

    public Map<String, Object> shown(String syncId, BankConnection connection) {
        return json(em.find(SyncEntity.class, syncId), connection);
    }

    private static Map<String, Object> json(SyncEntity sync, BankConnection connection) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", sync.getId());
        json.put("connectionId", sync.getConnectionId());
        json.put("action", sync.getAction());
        json.put("method", sync.getMethod());
        json.put("fetchStatus", sync.getFetchStatus());
        json.put("createdAt", Instant.ofEpochMilli(sync.getCreatedAt()).toString());
        json.put("fetchedAt", Instant.ofEpochMilli(sync.getFetchedAt()).toString());
        json.put("accounts", Arrays.stream(sync.getAccountIds().split(" ")).filter(id -> !id.isEmpty())
                .map(id -> Map.of("providerId", connection.bankId(), "accountId", id)).toList());
        return json;
    }
}
