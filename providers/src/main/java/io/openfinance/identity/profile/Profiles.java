package io.openfinance.identity.profile;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Finds and makes profiles, always on behalf of one partner client: a profile of another client is
 * never returned, so that callers cannot tell it from one that does not exist.
 */
public final class Profiles {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel owner;

    public Profiles(KeycloakSession session, RealmModel realm, ClientModel owner) {
        this.session = session;
        this.realm = realm;
        this.owner = owner;
    }

    /** @throws ModelDuplicateException when this partner already has a profile with that clientUserId */
    public Profile create(String clientUserId) {
        if (clientUserId != null && findByClientUserId(clientUserId).isPresent()) {
            throw new ModelDuplicateException("clientUserId already used by this partner");
        }
        UserModel user = session.users().addUser(realm, "profile-" + UUID.randomUUID());
        user.setEnabled(true);
        user.setSingleAttribute(Profile.OWNER_ATTRIBUTE, owner.getId());
        if (clientUserId != null) {
            user.setSingleAttribute(Profile.PARTNER_KEY_ATTRIBUTE, Profile.partnerKey(owner.getId(), clientUserId));
        }
        return new Profile(user);
    }

    public Optional<Profile> find(String userId) {
        if (userId == null || userId.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(session.users().getUserById(realm, userId)).filter(this::ownedByPartner).map(Profile::new);
    }

    public Optional<Profile> findByClientUserId(String clientUserId) {
        return session.users().searchForUserByUserAttributeStream(realm, Profile.PARTNER_KEY_ATTRIBUTE,
                        Profile.partnerKey(owner.getId(), clientUserId))
                .filter(this::ownedByPartner).map(Profile::new).findFirst();
    }

    public Stream<Profile> list(int offset, int limit) {
        return session.users().searchForUserStream(realm, Map.of(Profile.OWNER_ATTRIBUTE, owner.getId()), offset, limit)
                .filter(this::ownedByPartner).map(Profile::new);
    }

    public void delete(Profile profile) {
        session.users().removeUser(realm, profile.user());
    }

    private boolean ownedByPartner(UserModel user) {
        return owner.getId().equals(user.getFirstAttribute(Profile.OWNER_ATTRIBUTE));
    }
}
