package io.openfinance.identity.profile;

import java.time.Instant;

/** What a partner sees of one of its profiles, read from {@code OF_PROFILE} alone. */
public record ProfileSummary(String id, String clientUserId, Instant createdAt, Instant lastAccessedAt) {

    ProfileSummary(ProfileEntity entity) {
        this(entity.getId(), entity.getClientUserId(), Instant.ofEpochMilli(entity.getCreatedAt()),
                entity.getLastAccessedAt() == null ? null : Instant.ofEpochMilli(entity.getLastAccessedAt()));
    }
}
