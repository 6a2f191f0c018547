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

import io.openfinance.identity.events.ConnectionEvent;
import io.openfinance.identity.events.EventOutbox;
import io.openfinance.identity.events.EventType;
import io.openfinance.identity.ledger.StoredData;
import io.openfinance.identity.scope.ScopeParameter;
import io.openfinance.identity.sealing.Sealer;
import io.openfinance.identity.store.BankConnection.ConnectionError;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Connections in Keycloak's own database, through the request's JPA transaction. */
final class JpaBankConnectionProvider implements ConnectionProvider {

    /** Hibernate's hint: the rows are only mapped to records, so nothing is kept to check at commit. */
    private static final String READ_ONLY = "org.hibernate.readOnly";
    static final String ACCESS_TOKEN = "bank-access-token";
    static final String REFRESH_TOKEN = "bank-refresh-token";

    private final KeycloakSession session;
    private final EntityManager em;
    /** A session that changed connections reads its own uncommitted rows, never the node's memory of the committed ones. */
    private boolean changedConnections;

    JpaBankConnectionProvider(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Flushed at once: the unique key on the authorization request decides a race between two consents, on any node. */
    @Override
    public BankConnection create(RealmModel realm, String profileId, String bankId, Consent consent, BankTokens tokens,
                                 String authorizationRequest) {
        changed(realm, profileId);
        BankConnectionEntity entity = new BankConnectionEntity();
        entity.setId(UUID.randomUUID().toString());
        entity.setRealmId(realm.getId());
        entity.setProfileId(profileId);
        entity.setBankId(bankId);
        entity.setCreatedAt(Instant.now().toEpochMilli());
        entity.setAuthorizationRequest(authorizationRequest);
        writeConsent(entity, consent);
        writeTokens(realm, entity, tokens);
        try {
            em.persist(entity);
            em.flush();
        } catch (PersistenceException e) {
            throw new ModelDuplicateException("This authorization request already made a connection", e);
        }
        BankConnection connection = BankConnection.of(entity);
        events(session).add(realm, event(EventType.CREATED, connection));
        return connection;
    }

    @Override
    public Optional<BankConnection> renew(RealmModel realm, String profileId, String connectionId, Consent consent,
                                          BankTokens tokens, String authorizationRequest, String renewal) {
        changed(realm, profileId);
        return entity(realm, profileId, connectionId).map(entity -> {
            entity.setAuthorizationRequest(authorizationRequest);
            if (consent != null) {
                writeConsent(entity, consent);
            }
            if (tokens != null) {
                writeTokens(realm, entity, tokens);
                entity.setError(null);
            }
            try {
                em.flush();
            } catch (PersistenceException e) {
                throw new ModelDuplicateException("This authorization request already renewed a connection", e);
            }
            BankConnection connection = BankConnection.of(entity);
            events(session).add(realm, event(EventType.RENEWED, connection).with("renewal", renewal));
            return connection;
        });
    }

    @Override
    public Optional<BankConnection> find(RealmModel realm, String profileId, String connectionId) {
        return entity(realm, profileId, connectionId).map(BankConnection::of);
    }

    @Override
    public List<BankConnection> ofProfile(RealmModel realm, String profileId) {
        return entitiesOfProfile(realm, profileId).stream().map(BankConnection::of).toList();
    }

    private List<BankConnectionEntity> entitiesOfProfile(RealmModel realm, String profileId) {
        return em.createNamedQuery("ofConnectionsOfProfile", BankConnectionEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("profileId", profileId)
                .setHint(READ_ONLY, true)
                .getResultList();
    }

    @Override
    public List<LiveConsent> liveConsents(RealmModel realm, String profileId) {
        Instant now = Instant.now();
        List<LiveConsent> consents = changedConnections ? loadLiveConsents(realm, profileId, now)
                : LiveConsents.get(realm.getId(), profileId, () -> loadLiveConsents(realm, profileId, now));
        return consents.stream().filter(consent -> consent.isLive(now)).toList();
    }

    private List<LiveConsent> loadLiveConsents(RealmModel realm, String profileId, Instant now) {
        return em.createNamedQuery("ofLiveConsentsOfProfile", Object[].class)
                .setParameter("realmId", realm.getId())
                .setParameter("profileId", profileId)
                .setParameter("now", now.toEpochMilli())
                .getResultStream()
                .map(row -> new LiveConsent((String) row[0], ScopeParameter.parseDataScopes((String) row[1]),
                        Instant.ofEpochMilli((Long) row[2])))
                .toList();
    }

    @Override
    public Map<String, List<BankConnection>> ofProfiles(RealmModel realm, List<String> profileIds) {
        if (profileIds.isEmpty()) {
            return Map.of();
        }
        return em.createNamedQuery("ofConnectionsOfProfiles", BankConnectionEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("profileIds", profileIds)
                .getResultStream()
                .collect(Collectors.groupingBy(BankConnectionEntity::getProfileId,
                        Collectors.mapping(BankConnection::of, Collectors.toList())));
    }

    @Override
    public Optional<BankTokens> tokens(RealmModel realm, BankConnection connection) {
        Sealer cipher = new Sealer(session, realm);
        return entity(realm, connection.profileId(), connection.id()).map(e -> new BankTokens(
                cipher.open(e.getBankAccessToken(), e.getId(), ACCESS_TOKEN),
                cipher.open(e.getBankRefreshToken(), e.getId(), REFRESH_TOKEN),
                e.getBankTokenExpiresAt() == null ? null : Instant.ofEpochMilli(e.getBankTokenExpiresAt()), e.getBankGrantId()));
    }

    /** In a transaction of its own, so that the refreshed token is kept whatever the request then answers. */
    @Override
    public void storeRefreshedTokens(RealmModel realm, BankConnection connection, BankTokens previous, BankTokens refreshed) {
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
                JpaBankConnectionProvider store = new JpaBankConnectionProvider(own);
                RealmModel ownRealm = own.realms().getRealm(realm.getId());
                store.entity(ownRealm, connection.profileId(), connection.id())
                        .filter(entity -> Objects.equals(entity.getBankTokenExpiresAt(), epochMillis(previous.expiresAt())))
                        .ifPresent(entity -> store.writeTokens(ownRealm, entity, refreshed));
            });
        } catch (RuntimeException concurrentRefresh) {
            // The row's version changed under us: another node stored its refreshed tokens first; those stay.
        }
    }

    /**
     * Seals a connection's bank tokens the current way, in a transaction of its own. A bank-token refresh running
     * meanwhile changes the row's version: this one then fails and the connection is taken again in the next round.
     */
    void resealTokens(String connectionId) {
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
            BankConnectionEntity entity = em(own).find(BankConnectionEntity.class, connectionId);
            if (entity != null) {
                RealmModel realm = own.realms().getRealm(entity.getRealmId());
                Sealer sealer = new Sealer(own, realm);
                new JpaBankConnectionProvider(own).writeTokens(realm, entity, new BankTokens(
                        sealer.open(entity.getBankAccessToken(), entity.getId(), ACCESS_TOKEN),
                        sealer.open(entity.getBankRefreshToken(), entity.getId(), REFRESH_TOKEN),
                        entity.getBankTokenExpiresAt() == null ? null : Instant.ofEpochMilli(entity.getBankTokenExpiresAt())));
            }
        });
    }

    /** Bulk updates, so that a bank-token refresh running meanwhile never conflicts over the row's version. */
    @Override
    public void recordSync(RealmModel realm, BankConnection connection, List<String> accountIds, ConnectionError error,
                           String issuer) {
        if (error == null) {
            em.createNamedQuery("ofRecordRead").setParameter("id", connection.id())
                    .setParameter("now", Instant.now().toEpochMilli())
                    .setParameter("accountIds", String.join(" ", accountIds)).executeUpdate();
            return;
        }
        boolean changed = em.createNamedQuery("ofRecordError").setParameter("id", connection.id())
                .setParameter("error", error.name()).executeUpdate() == 1;
        if (changed) {
            events(session).addFor(realm, event(EventType.ERROR, connection).with("error", error.code()), issuer);
        }
    }

    @Override
    public Optional<BankConnection> shortenConsent(RealmModel realm, BankConnection connection, Instant expiresAt) {
        changed(realm, connection.profileId());
        if (!expiresAt.isBefore(connection.consentExpiresAt())) {
            throw new IllegalArgumentException("expiresAt can only be brought earlier");
        }
        return entity(realm, connection.profileId(), connection.id()).map(entity -> {
            entity.setConsentExpiresAt(expiresAt.toEpochMilli());
            return BankConnection.of(entity);
        });
    }

    @Override
    public boolean delete(RealmModel realm, String profileId, String connectionId) {
        changed(realm, profileId);
        Optional<BankConnectionEntity> entity = entity(realm, profileId, connectionId);
        entity.ifPresent(gone -> {
            StoredData.of(session).forgetConnections(List.of(gone.getId()));
            queueRevocation(gone);
            em.remove(gone);
            em.flush();
            events(session).add(realm, event(EventType.DELETED, BankConnection.of(gone)).with("reason", "partner"));
        });
        return entity.isPresent();
    }

    @Override
    public void deleteAllOfProfile(RealmModel realm, String profileId) {
        changed(realm, profileId);
        EventOutbox events = events(session);
        List<BankConnectionEntity> entities = entitiesOfProfile(realm, profileId);
        entities.forEach(this::queueRevocation);
        List<BankConnection> gone = entities.stream().map(BankConnection::of).toList();
        gone.forEach(connection -> events.add(realm, event(EventType.DELETED, connection).with("reason", "profile_deleted")));
        StoredData.of(session).forgetConnections(gone.stream().map(BankConnection::id).toList());
        em.createNamedQuery("ofDeleteConnectionsOfProfile")
                .setParameter("realmId", realm.getId())
                .setParameter("profileId", profileId)
                .executeUpdate();
    }

    @Override
    public void deleteAllOfRealm(RealmModel realm) {
        changed(realm, null);
        StoredData.of(session).forgetConnectionsOfRealm(realm.getId());
        em.createNamedQuery("ofDeleteBankRevocationsOfRealm").setParameter("realmId", realm.getId()).executeUpdate();
        em.createNamedQuery("ofDeleteConnectionsOfRealm").setParameter("realmId", realm.getId()).executeUpdate();
    }

    @Override
    public void close() {
    }

    /**
     * The bank is told later ({@link BankRevocations}), so that deleting a connection never calls, nor waits for, a
     * bank; queued in this transaction, so that no revocation is lost.
     */
    private void queueRevocation(BankConnectionEntity gone) {
        if (gone.getBankAccessToken() == null && gone.getBankRefreshToken() == null && gone.getBankGrantId() == null) {
            return;
        }
        BankRevocationEntity revocation = new BankRevocationEntity();
        revocation.setConnectionId(gone.getId());
        revocation.setRealmId(gone.getRealmId());
        revocation.setBankId(gone.getBankId());
        revocation.setBankAccessToken(gone.getBankAccessToken());
        revocation.setBankRefreshToken(gone.getBankRefreshToken());
        revocation.setBankGrantId(gone.getBankGrantId());
        revocation.setDueAt(Instant.now().toEpochMilli());
        em.persist(revocation);
    }

    /** What tokens know of the profile's consents is forgotten on every node once this commits; all when null. */
    private void changed(RealmModel realm, String profileId) {
        changedConnections = true;
        LiveConsents.forgetOnCommit(session, realm.getId(), profileId);
    }

    private Optional<BankConnectionEntity> entity(RealmModel realm, String profileId, String connectionId) {
        if (connectionId == null || connectionId.length() > 36) {
            return Optional.empty();
        }
        BankConnectionEntity entity = em.find(BankConnectionEntity.class, connectionId);
        if (entity == null || !entity.getRealmId().equals(realm.getId()) || !entity.getProfileId().equals(profileId)) {
            return Optional.empty();
        }
        return Optional.of(entity);
    }

    static EventOutbox events(KeycloakSession session) {
        return session.getProvider(EventOutbox.class);
    }

    static ConnectionEvent event(EventType type, BankConnection connection) {
        return ConnectionEvent.of(type, connection.profileId(), connection.id(), connection.bankId());
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** A new consent gets its own expiry notices. */
    private static void writeConsent(BankConnectionEntity entity, Consent consent) {
        entity.setExpiryNotice(null);
        entity.setConsentedAt(Instant.now().toEpochMilli());
        entity.setConsentExpiresAt(consent.expiresAt().toEpochMilli());
        entity.setTransactionsFrom(consent.transactionsFrom() == null ? null : consent.transactionsFrom().toEpochMilli());
        entity.setDataScopes(ScopeParameter.join(consent.dataScopes()));
    }

    private void writeTokens(RealmModel realm, BankConnectionEntity entity, BankTokens tokens) {
        Sealer cipher = new Sealer(session, realm);
        entity.setBankAccessToken(cipher.seal(tokens.accessToken(), entity.getId(), ACCESS_TOKEN));
        entity.setBankRefreshToken(cipher.seal(tokens.refreshToken(), entity.getId(), REFRESH_TOKEN));
        entity.setBankTokenExpiresAt(epochMillis(tokens.expiresAt()));
        if (tokens.grantId() != null) {
            // A refresh gives tokens without it: the grant stays until a new authorisation replaces it.
            entity.setBankGrantId(tokens.grantId());
        }
    }

    private static Long epochMillis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
