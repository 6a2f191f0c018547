package io.openfinance.identity.profile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;

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

    private static final String READ_ONLY = "org.hibernate.readOnly";
    private static final Duration ACCESS_RESOLUTION = Duration.ofMinutes(1);

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
        if (!isProfileId(userId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(ProfileEntity.class, userId)).filter(this::ownedByPartner).flatMap(this::withUser);
    }

    /**
     * The user of one of the partner's profiles, for a token: the owner from this node's memory ({@link ProfileOwners}),
     * the user from Keycloak's user cache, so that a busy profile's token reads nothing of ours.
     */
    public Optional<UserModel> ownedUser(String userId) {
        if (!isProfileId(userId)) {
            return Optional.empty();
        }
        ProfileOwners.Owner owner = ProfileOwners.get(userId,
                id -> Optional.ofNullable(em.find(ProfileEntity.class, id)).map(ProfileOwners.Owner::of).orElse(null));
        if (owner == null || !owner.owns(realm.getId(), this.owner.getId())) {
            return Optional.empty();
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            ProfileOwners.forget(userId);
        }
        return Optional.ofNullable(user);
    }

    /** The partner's first profiles, oldest first, walking the owner index. */
    public List<ProfileSummary> first(int limit) {
        return page(ofOwner("ofProfilesOfOwner", ProfileEntity.class), limit);
    }

    /** The partner's profiles listed after {@code cursor}: one index seek, however deep. */
    public List<ProfileSummary> after(ProfileCursor cursor, int limit) {
        return page(ofOwner("ofProfilesOfOwnerAfter", ProfileEntity.class)
                .setParameter("createdAt", cursor.createdAt()).setParameter("id", cursor.id()), limit);
    }

    /** The partner's profiles after skipping {@code offset} of them, which are counted off the index alone. */
    public List<ProfileSummary> fromOffset(int offset, int limit) {
        if (offset == 0) {
            return first(limit);
        }
        return ofOwner("ofProfileKeysOfOwner", Object[].class).setFirstResult(offset - 1).setMaxResults(1)
                .getResultStream().findFirst()
                .map(key -> after(new ProfileCursor((Long) key[0], (String) key[1]), limit))
                .orElse(List.of());
    }

    /**
     * Remembers that a data token was issued for a profile {@link #ownedUser} found: at most one write a minute per
     * profile and node, decided in this node's memory, so that issuing tokens does not write the row each time.
     */
    public void recordAccess(String profileId, Instant now) {
        Instant staleBefore = now.minus(ACCESS_RESOLUTION);
        ProfileOwners.Owner owner = ProfileOwners.remembered(profileId);
        if (owner != null && !owner.claimAccessRecord(now, staleBefore)) {
            return;
        }
        em.createNamedQuery("ofRecordProfileAccess").setParameter("now", now.toEpochMilli())
                .setParameter("id", profileId).setParameter("staleBefore", staleBefore.toEpochMilli())
                .executeUpdate();
    }

    /** As the admin API removes a user: Keycloak then tells every listener, ours included, to drop what was the user's. */
    public void delete(Profile profile) {
        new UserManager(session).removeUser(realm, profile.user());
    }

    /** Drops the ownership row of a user Keycloak removed, from whichever API. */
    public static void forget(KeycloakSession session, String userId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        Optional.ofNullable(em.find(ProfileEntity.class, userId)).ifPresent(em::remove);
        ProfileOwners.forget(userId);
    }

    public static void forgetRealm(KeycloakSession session, RealmModel realm) {
        session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createNamedQuery("ofDeleteProfilesOfRealm").setParameter("realmId", realm.getId()).executeUpdate();
    }

    private <T> TypedQuery<T> ofOwner(String namedQuery, Class<T> type) {
        return em.createNamedQuery(namedQuery, type).setParameter("realmId", realm.getId()).setParameter("owner", owner.getId());
    }

    /** Read-only: a page of up to a thousand rows adds nothing to check at commit. */
    private static List<ProfileSummary> page(TypedQuery<ProfileEntity> query, int limit) {
        return query.setHint(READ_ONLY, true).setMaxResults(limit).getResultStream().map(ProfileSummary::new).toList();
    }

    private static boolean isProfileId(String userId) {
        return userId != null && !userId.isBlank() && userId.length() <= 36;
    }

    private boolean ownedByPartner(ProfileEntity entity) {
        return entity.getRealmId().equals(realm.getId()) && entity.getOwnerClientId().equals(owner.getId());
    }

    private Optional<Profile> withUser(ProfileEntity entity) {
        return Optional.ofNullable(session.users().getUserById(realm, entity.getId())).map(user -> profile(entity, user));
    }

    private static Profile profile(ProfileEntity entity, UserModel user) {
        return new Profile(user, new ProfileSummary(entity));
    }
}
