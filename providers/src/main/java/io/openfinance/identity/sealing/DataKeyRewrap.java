package io.openfinance.identity.sealing;

import java.util.Base64;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

/**
 * After a key-encryption key rotation: re-wraps a batch of data keys still wrapped by a previous key-encryption key
 * under the current one. The sealed values keep their data key and need no change. Run by one node at a time; each
 * row changes only if no other node re-wrapped it meanwhile.
 */
final class DataKeyRewrap implements ScheduledTask {

    static final String NAME = "open-finance-data-key-rewrap";

    private final KeyEncryptionKeys keks;
    private final int batchSize;

    DataKeyRewrap(KeyEncryptionKeys keks, int batchSize) {
        this.keks = keks;
        this.batchSize = batchSize;
    }

    @Override
    public void run(KeycloakSession session) {
        EntityManager em = JpaSealingKeys.em(session);
        List<DataKeyEntity> batch = em.createNamedQuery("ofDataKeysWrappedByOthers", DataKeyEntity.class)
                .setParameter("kekId", keks.current().id()).setMaxResults(batchSize).getResultList();
        for (DataKeyEntity entity : batch) {
            DataKey key = JpaSealingKeys.unwrap(keks, entity);
            em.createNamedQuery("ofRewrapDataKey")
                    .setParameter("kekId", keks.current().id())
                    .setParameter("wrappedKey", Base64.getEncoder().encodeToString(keks.current().wrap(key)))
                    .setParameter("id", entity.getId())
                    .setParameter("previousKekId", entity.getKekId())
                    .executeUpdate();
        }
    }

    /** How many data keys are still wrapped by a previous key-encryption key. */
    static long pending(KeycloakSession session, KeyEncryptionKeys keks) {
        return JpaSealingKeys.em(session).createNamedQuery("ofCountDataKeysWrappedByOthers", Long.class)
                .setParameter("kekId", keks.current().id()).getSingleResult();
    }

    @Override
    public String getTaskName() {
        return NAME;
    }
}
