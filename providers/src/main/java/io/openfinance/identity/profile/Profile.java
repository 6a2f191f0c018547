package io.openfinance.identity.profile;

import java.time.Instant;

import org.keycloak.models.UserModel;

/** A partner's end-user profile: a Keycloak user with no credentials, owned by the client that made it. */
public record Profile(UserModel user, String clientUserId, Instant createdAt) {

    public String id() {
        return user.getId();
    }

    public ProfileSummary summary() {
        return new ProfileSummary(id(), clientUserId, createdAt);
    }
}
