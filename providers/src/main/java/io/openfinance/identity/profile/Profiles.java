package io.openfinance.identity.profile;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;

/**
 * Finds and makes profiles, always on behalf of one partner client: a profile of another client is
 * never returned, so that callers cannot tell it from one that does not exist.
 */
public final class Profiles {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel owner;
    private final EntityManager em;

    public Profiles(KeycloakSession session, RealmModel realm, ClientModel owner) {
        this.session = session;
        this.realm = realm;
        this.owner = owner;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /**
     * Written and flushed at once, so that the unique key on (partner, clientUserId) decides a race
     * between two requests, on any node, before anything else of this request is written.
     *
     * @throws ModelDuplicateException when this partner already has a profile with that clientUserId
     */
    public Profile create(String clientUserId) {
        ProfileEntity entity = new ProfileEntity();
        entity.setId(UUID.randomUUID().toString());
        entity.setRealmId(realm.getId());
        entity.setOwnerClientId(owner.getId());
        entity.setClientUserId(clientUserId);
        entity.setCreatedAt(Instant.now().toEpochMilli());
        try {
            em.persist(entity);
            em.flush();
        } catch (PersistenceException e) {
            throw new ModelDuplicateException("clientUserId already used by this partner", e);
        }
        UserModel user = session.users().addUser(realm, entity.getId(), "profile-" + entity.getId(), true, false);
        user.setEnabled(true);
        return profile(entity, user);
    }

    public Optional<Profile> find(String userId) {
        if (userId == null || userId.isBlank() || userId.length() > 36) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(ProfileEntity.class, userId)).filter(this::ownedByPartner).flatMap(this::withUser);
    }

    /** The partner's profiles, oldest first, walking the owner index. */
    public Stream<Profile> list(int offset, int limit) {
        return em.createNamedQuery("ofProfilesOfOwner", ProfileEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("owner", owner.getId())
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultStream()
                .flatMap(entity -> withUser(entity).stream());
    }

    /** As the admin API removes a user: Keycloak then tells every listener, ours included, to drop what was the user's. */
    public void delete(Profile profile) {
        new UserManager(session).removeUser(realm, profile.user());
    }

    /** Drops the ownership row of a user Keycloak removed, from whichever API. */
    public static void forget(KeycloakSession session, String userId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        Optional.ofNullable(em.find(ProfileEntity.class, userId)).ifPresent(em::remove);
    }

    public static void forgetRealm(KeycloakSession session, RealmModel realm) {
        session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createNamedQuery("ofDeleteProfilesOfRealm").setParameter("realmId", realm.getId()).executeUpdate();
    }

    private boolean ownedByPartner(ProfileEntity entity) {
        return entity.getRealmId().equals(realm.getId()) && entity.getOwnerClientId().equals(owner.getId());
    }

    private Optional<Profile> withUser(ProfileEntity entity) {
        return Optional.ofNullable(session.users().getUserById(realm, entity.getId())).map(user -> profile(entity, user));
    }

    private static Profile profile(ProfileEntity entity, UserModel user) {
        return new Profile(user, entity.getClientUserId(), Instant.ofEpochMilli(entity.getCreatedAt()));
    }
}
