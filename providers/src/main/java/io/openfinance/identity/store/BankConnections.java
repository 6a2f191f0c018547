package io.openfinance.identity.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.scope.ScopeParameter;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

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

    public BankConnection create(String profileId, String bankId, Set<DataScope> dataScopes,
                                 Instant consentExpiresAt, Instant transactionsFrom, BankTokens tokens) {
        BankConnectionEntity entity = new BankConnectionEntity();
        entity.setId(UUID.randomUUID().toString());
        entity.setRealmId(realm.getId());
        entity.setProfileId(profileId);
        entity.setBankId(bankId);
        entity.setCreatedAt(Instant.now().toEpochMilli());
        entity.setConsentExpiresAt(consentExpiresAt.toEpochMilli());
        entity.setTransactionsFrom(transactionsFrom == null ? null : transactionsFrom.toEpochMilli());
        entity.setDataScopes(ScopeParameter.join(dataScopes));
        writeTokens(entity, tokens);
        em.persist(entity);
        return BankConnection.of(entity);
    }

    /** Re-authorisation: fresh consent and bank tokens for an existing connection, same id. */
    public BankConnection renew(String profileId, String connectionId, Set<DataScope> dataScopes,
                                Instant consentExpiresAt, Instant transactionsFrom, BankTokens tokens) {
        BankConnectionEntity entity = entity(profileId, connectionId).orElseThrow();
        entity.setConsentExpiresAt(consentExpiresAt.toEpochMilli());
        entity.setTransactionsFrom(transactionsFrom == null ? null : transactionsFrom.toEpochMilli());
        entity.setDataScopes(ScopeParameter.join(dataScopes));
        writeTokens(entity, tokens);
        return BankConnection.of(entity);
    }

    public List<BankConnection> ofProfile(String profileId) {
        return em.createNamedQuery("ofConnectionsOfProfile", BankConnectionEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("profileId", profileId)
                .getResultStream().map(BankConnection::of).toList();
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

    public void updateTokens(BankConnection connection, BankTokens tokens) {
        entity(connection.profileId(), connection.id()).ifPresent(e -> writeTokens(e, tokens));
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

    private void writeTokens(BankConnectionEntity entity, BankTokens tokens) {
        entity.setBankAccessToken(cipher.seal(tokens.accessToken(), entity.getId()));
        entity.setBankRefreshToken(cipher.seal(tokens.refreshToken(), entity.getId()));
        entity.setBankTokenExpiresAt(tokens.expiresAt() == null ? null : tokens.expiresAt().toEpochMilli());
    }
}
