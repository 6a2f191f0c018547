package io.openfinance.identity.profile;

import org.keycloak.models.UserModel;

/** A partner's end-user profile: a Keycloak user with no credentials, owned by the client that made it. */
public record Profile(UserModel user, ProfileSummary summary) {

    public String id() {
        return user.getId();
    }
}
