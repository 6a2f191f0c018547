package io.openfinance.identity.authrequests;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import io.openfinance.identity.rest.Page;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** A partner's auth requests: another partner's are never found, as if they did not exist. */
public final class AuthRequests {

    static final String PENDING = "pending";
    static final String COMPLETE = "complete";
    static final String ERROR = "error";

    private final EntityManager em;
    private final RealmModel realm;
    private final ClientModel partner;

    AuthRequests(KeycloakSession session, RealmModel realm, ClientModel partner) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realm = realm;
        this.partner = partner;
    }

    void add(AuthRequestEntity request) {
        em.persist(request);
    }

    Optional<AuthRequestEntity> find(String id) {
        if (id == null || id.isBlank() || id.length() > 36) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(AuthRequestEntity.class, id))
                .filter(a -> a.getRealmId().equals(realm.getId()) && a.getClientId().equals(partner.getId()));
    }

    List<AuthRequestEntity> page(Page page) {
        return em.createNamedQuery("ofAuthRequestsOfClient", AuthRequestEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("clientId", partner.getId())
                .setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList();
    }

    /**
     * Ends a pending, unexpired request: true for the one call that did. The database decides between racing calls
     * (on any node): the second finds the row no longer pending.
     */
    boolean end(AuthRequestEntity request, String status, String userId, String connectionId, String error, long now) {
        int ended = em.createNamedQuery("ofCompleteAuthRequest").setParameter("status", status)
                .setParameter("userId", userId).setParameter("connectionId", connectionId).setParameter("error", error)
                .setParameter("now", now).setParameter("id", request.getId()).executeUpdate();
        if (ended == 1) {
            em.refresh(request);
        }
        return ended == 1;
    }

    public static void forgetRealm(KeycloakSession session, RealmModel realm) {
        session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createNamedQuery("ofDeleteAuthRequestsOfRealm").setParameter("realmId", realm.getId()).executeUpdate();
    }
}
