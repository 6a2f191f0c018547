package io.openfinance.identity.profile;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * This node's memory of which partner owns the profiles it issued tokens for lately. A profile's owner never changes
 * once made, so the memory cannot go stale; whether the profile still exists is asked of Keycloak's user cache each
 * time, which a deletion on any node invalidates. Bounded: millions of profiles do not fit, the busy ones do.
 */
final class ProfileOwners {

    static final long MAXIMUM_PROFILES = 100_000;

    private static final Cache<String, Owner> OWNERS = Caffeine.newBuilder().maximumSize(MAXIMUM_PROFILES).build();

    /** @param lastAccessRecorded when this node last saw the profile's access time written, epoch millis (0: never) */
    record Owner(String realmId, String clientId, AtomicLong lastAccessRecorded) {

        static Owner of(ProfileEntity entity) {
            return new Owner(entity.getRealmId(), entity.getOwnerClientId(),
                    new AtomicLong(entity.getLastAccessedAt() == null ? 0 : entity.getLastAccessedAt()));
        }

        boolean owns(String realmId, String clientId) {
            return this.realmId.equals(realmId) && this.clientId.equals(clientId);
        }

        /** Whether the access time should be written now, claiming the write for this node's requests at once. */
        boolean claimAccessRecord(Instant now, Instant staleBefore) {
            long last = lastAccessRecorded.get();
            return last < staleBefore.toEpochMilli() && lastAccessRecorded.compareAndSet(last, now.toEpochMilli());
        }
    }

    private ProfileOwners() {
    }

    static Owner get(String profileId, Function<String, Owner> load) {
        return OWNERS.get(profileId, load);
    }

    /** The owner this node remembers, without loading it. */
    static Owner remembered(String profileId) {
        return OWNERS.getIfPresent(profileId);
    }

    static void forget(String profileId) {
        OWNERS.invalidate(profileId);
    }
}
