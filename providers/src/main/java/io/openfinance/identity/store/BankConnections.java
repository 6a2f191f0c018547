package io.openfinance.identity.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;

import io.openfinance.identity.scope.ScopeParameter;
import io.openfinance.identity.store.BankConnection.ConnectionError;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Connections in Keycloak's own database, through the request's JPA transaction. */
public final class BankConnections {

    private final EntityManager em;
    private final RealmModel realm;
    private final BankTokenCipher cipher;

    public BankConnections(KeycloakSession session, RealmModel realm) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realm = realm;
        this.cipher = new BankTokenCipher(session, realm);
    }

    /**
     * Flushed at once: the unique key on the authorization request decides a race between two
     * consents of one request, on any node.
     *
     * @throws ModelDuplicateException when this authorization request already made a connection
     */
    public BankConnection create(String profileId, String bankId, Consent consent, BankTokens tokens,
                                 String authorizationRequest) {
        BankConnectionEntity entity = new BankConnectionEntity();
        entity.setId(UUID.randomUUID().toString());
        entity.setRealmId(realm.getId());
        entity.setProfileId(profileId);
        entity.setBankId(bankId);
        entity.setCreatedAt(Instant.now().toEpochMilli());
        entity.setAuthorizationRequest(authorizationRequest);
        writeConsent(entity, consent);
        writeTokens(entity, tokens);
        try {
            em.persist(entity);
            em.flush();
        } catch (PersistenceException e) {
            throw new ModelDuplicateException("This authorization request already made a connection", e);
        }
        return BankConnection.of(entity);
    }

    /**
     * Re-authorisation, re-consent or token refresh of an existing connection, same id: a null consent
     * keeps the current one, null tokens keep the stored ones.
     */
    public Optional<BankConnection> renew(String profileId, String connectionId, Consent consent, BankTokens tokens,
                                          String authorizationRequest) {
        return entity(profileId, connectionId).map(entity -> {
            entity.setAuthorizationRequest(authorizationRequest);
            if (consent != null) {
                writeConsent(entity, consent);
            }
            if (tokens != null) {
                writeTokens(entity, tokens);
                entity.setError(null);
            }
            try {
                em.flush();
            } catch (PersistenceException e) {
                throw new ModelDuplicateException("This authorization request already renewed a connection", e);
            }
            return BankConnection.of(entity);
        });
    }

    /**
     * A successful read from the bank: clears any error, and remembers the accounts when they were read.
     * A bulk update, so that parallel reads of one connection never conflict over the row's version.
     */
    public void recordRead(BankConnection connection, List<String> accountIds) {
        Query update = em.createNamedQuery(accountIds == null ? "ofRecordRead" : "ofRecordReadWithAccounts")
                .setParameter("id", connection.id())
                .setParameter("now", Instant.now().toEpochMilli());
        if (accountIds != null) {
            update.setParameter("accountIds", String.join(" ", accountIds));
        }
        update.executeUpdate();
    }

    /**
     * Stores tokens the bank just gave on refresh, in a transaction of its own, unless another request or
     * node stored newer ones meanwhile: the newer token is never lost. The row's version guards the write.
     */
    public static void storeRefreshedTokens(KeycloakSession session, RealmModel realm, BankConnection connection,
                                            BankTokens previous, BankTokens refreshed) {
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
                BankConnections store = new BankConnections(own, realm);
                store.entity(connection.profileId(), connection.id())
                        .filter(entity -> Objects.equals(entity.getBankTokenExpiresAt(), epochMillis(previous.expiresAt())))
                        .ifPresent(entity -> store.writeTokens(entity, refreshed));
            });
        } catch (RuntimeException concurrentRefresh) {
            // OptimisticLockException: another node stored its refreshed tokens first; those stay.
        }
    }

    /**
     * A failed read, written in a transaction of its own: the request that saw the failure answers with
     * an error, and its own transaction may be rolled back.
     */
    public static void recordError(KeycloakSession session, BankConnection connection, ConnectionError error) {
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
            BankConnectionEntity entity = own.getProvider(JpaConnectionProvider.class).getEntityManager()
                    .find(BankConnectionEntity.class, connection.id());
            if (entity != null) {
                entity.setError(error.name());
            }
        });
    }

    /** Brings the consent's end earlier, never later. */
    public Optional<BankConnection> shortenConsent(BankConnection connection, Instant expiresAt) {
        if (!expiresAt.isBefore(connection.consentExpiresAt())) {
            throw new IllegalArgumentException("expiresAt can only be brought earlier");
        }
        return entity(connection.profileId(), connection.id()).map(entity -> {
            entity.setConsentExpiresAt(expiresAt.toEpochMilli());
            return BankConnection.of(entity);
        });
    }

    public List<BankConnection> ofProfile(String profileId) {
        return em.createNamedQuery("ofConnectionsOfProfile", BankConnectionEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("profileId", profileId)
                .getResultStream().map(BankConnection::of).toList();
    }

    /** The ids of each listed profile's connections, in one query. */
    public Map<String, List<String>> idsOfProfiles(List<String> profileIds) {
        if (profileIds.isEmpty()) {
            return Map.of();
        }
        return em.createNamedQuery("ofConnectionsOfProfiles", BankConnectionEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("profileIds", profileIds)
                .getResultStream()
                .collect(Collectors.groupingBy(BankConnectionEntity::getProfileId,
                        Collectors.mapping(BankConnectionEntity::getId, Collectors.toList())));
    }

    public List<BankConnection> liveOfProfile(String profileId) {
        Instant now = Instant.now();
        return ofProfile(profileId).stream().filter(c -> c.isLive(now)).toList();
    }

    public Optional<BankConnection> find(String profileId, String connectionId) {
        return entity(profileId, connectionId).map(BankConnection::of);
    }

    public Optional<BankTokens> tokens(BankConnection connection) {
        return entity(connection.profileId(), connection.id()).map(e -> new BankTokens(
                cipher.open(e.getBankAccessToken(), e.getId()),
                cipher.open(e.getBankRefreshToken(), e.getId()),
                e.getBankTokenExpiresAt() == null ? null : Instant.ofEpochMilli(e.getBankTokenExpiresAt())));
    }

    public boolean delete(String profileId, String connectionId) {
        Optional<BankConnectionEntity> entity = entity(profileId, connectionId);
        entity.ifPresent(em::remove);
        return entity.isPresent();
    }

    public void deleteAllOfProfile(String profileId) {
        em.createNamedQuery("ofDeleteConnectionsOfProfile")
                .setParameter("realmId", realm.getId())
                .setParameter("profileId", profileId)
                .executeUpdate();
    }

    public void deleteAllOfRealm() {
        em.createNamedQuery("ofDeleteConnectionsOfRealm").setParameter("realmId", realm.getId()).executeUpdate();
    }

    private Optional<BankConnectionEntity> entity(String profileId, String connectionId) {
        if (connectionId == null) {
            return Optional.empty();
        }
        BankConnectionEntity entity = em.find(BankConnectionEntity.class, connectionId);
        if (entity == null || !entity.getRealmId().equals(realm.getId()) || !entity.getProfileId().equals(profileId)) {
            return Optional.empty();
        }
        return Optional.of(entity);
    }

    private static void writeConsent(BankConnectionEntity entity, Consent consent) {
        entity.setConsentedAt(Instant.now().toEpochMilli());
        entity.setConsentExpiresAt(consent.expiresAt().toEpochMilli());
        entity.setTransactionsFrom(consent.transactionsFrom() == null ? null : consent.transactionsFrom().toEpochMilli());
        entity.setDataScopes(ScopeParameter.join(consent.dataScopes()));
    }

    private static Long epochMillis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private void writeTokens(BankConnectionEntity entity, BankTokens tokens) {
        entity.setBankAccessToken(cipher.seal(tokens.accessToken(), entity.getId()));
        entity.setBankRefreshToken(cipher.seal(tokens.refreshToken(), entity.getId()));
        entity.setBankTokenExpiresAt(tokens.expiresAt() == null ? null : tokens.expiresAt().toEpochMilli());
    }
}
