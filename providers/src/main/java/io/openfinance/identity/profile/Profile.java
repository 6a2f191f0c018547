package io.openfinance.identity.profile;

import java.time.Instant;

import org.keycloak.models.UserModel;

/** A partner's end-user profile: a Keycloak user with no credentials, owned by the client that made it. */
public record Profile(UserModel user) {

    static final String OWNER_ATTRIBUTE = "of.owner";
    static final String PARTNER_KEY_ATTRIBUTE = "of.partnerUserKey";

    public String id() {
        return user.getId();
    }

    public String clientUserId() {
        String key = user.getFirstAttribute(PARTNER_KEY_ATTRIBUTE);
        return key == null ? null : key.substring(key.indexOf(':') + 1);
    }

    public Instant createdAt() {
        return Instant.ofEpochMilli(user.getCreatedTimestamp());
    }

    static String partnerKey(String ownerClientId, String clientUserId) {
        return ownerClientId + ":" + clientUserId;
    }
}
