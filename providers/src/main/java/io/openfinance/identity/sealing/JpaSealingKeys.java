package io.openfinance.identity.sealing;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Data keys in our table, wrapped by the key-encryption keys; unwrapped once per node. */
final class JpaSealingKeys implements SealingKeys {

    private final KeycloakSession session;
    private final KeyEncryptionKeys keks;
    private final DataKeyCache cache;

    JpaSealingKeys(KeycloakSession session, KeyEncryptionKeys keks, DataKeyCache cache) {
        this.session = session;
        this.keks = keks;
        this.cache = cache;
    }

    @Override
    public DataKey current(RealmModel realm) {
        return cache.current(realm.getId()).orElseGet(() -> cache.rememberCurrent(storedOrNew(realm.getId())));
    }

    @Override
    public DataKey find(RealmModel realm, String id) {
        DataKey key = cache.find(id).orElseGet(() -> current(realm));
        if (!key.id().equals(id) || !key.realmId().equals(realm.getId())) {
            throw new IllegalStateException("No data key " + id + " in realm " + realm.getName());
        }
        return key;
    }

    /**
     * A new key is stored in a transaction of its own before it seals anything: the request may still be rolled back.
     * Two nodes making the first key at once: the realm's unique key keeps one, and the other node reads it.
     */
    private DataKey storedOrNew(String realmId) {
        return stored(realmId).orElseGet(() -> {
            try {
                KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> em(own).persist(wrapped(realmId)));
            } catch (RuntimeException madeByAnotherNode) {
                return stored(realmId).orElseThrow(() -> madeByAnotherNode);
            }
            return stored(realmId).orElseThrow();
        });
    }

    private Optional<DataKey> stored(String realmId) {
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), own ->
                em(own).createNamedQuery("ofDataKeyOfRealm", DataKeyEntity.class).setParameter("realmId", realmId)
                        .getResultStream().findFirst().map(entity -> unwrap(keks, entity)));
    }

    private DataKeyEntity wrapped(String realmId) {
        DataKey key = DataKey.generate(UUID.randomUUID().toString(), realmId);
        DataKeyEntity entity = new DataKeyEntity();
        entity.setId(key.id());
        entity.setRealmId(realmId);
        entity.setKekId(keks.current().id());
        entity.setWrappedKey(Base64.getEncoder().encodeToString(keks.current().wrap(key)));
        entity.setCreatedAt(Instant.now().toEpochMilli());
        return entity;
    }

    static DataKey unwrap(KeyEncryptionKeys keks, DataKeyEntity entity) {
        KeyEncryptionKey kek = keks.find(entity.getKekId()).orElseThrow(() -> new IllegalStateException("Data key "
                + entity.getId() + " is wrapped by key-encryption key " + entity.getKekId() + ", which is not configured (keep it in "
                + KeyEncryptionKeySettings.PREFIX + KeyEncryptionKeySettings.PREVIOUS_KEK_FILES + " or "
                + KeyEncryptionKeySettings.PREVIOUS_KEK_ALIASES + " until the log says it can go)"));
        return kek.unwrap(entity.getId(), entity.getRealmId(), Base64.getDecoder().decode(entity.getWrappedKey()));
    }

    static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
