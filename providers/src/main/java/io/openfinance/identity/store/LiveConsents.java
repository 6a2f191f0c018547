package io.openfinance.identity.store;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * This node's memory of the live consents of the profiles it issued tokens for lately, so that a busy profile's
 * token reads none of our tables. Bounded: the busy profiles fit, millions do not.
 * <p>
 * Every change to a profile's connections forgets its entry on every node once the change is committed: here at
 * once, elsewhere through Keycloak's cluster events ({@link LiveConsentsChanged}). A load that overlaps a forgetting
 * may have read the old rows, so it is kept only when no forgetting happened since it began ({@link #FORGETTINGS}).
 * A consent that ends while remembered stops counting at once: callers check {@link LiveConsent#isLive} on each read.
 */
final class LiveConsents {

    static final long MAXIMUM_PROFILES = 100_000;
    private static final String CLUSTER_EVENTS = "open-finance-live-consents";

    private static final Cache<String, List<LiveConsent>> REMEMBERED = Caffeine.newBuilder().maximumSize(MAXIMUM_PROFILES).build();
    /** Counts this node's forgettings. */
    private static final AtomicLong FORGETTINGS = new AtomicLong();

    private LiveConsents() {
    }

    static List<LiveConsent> get(String realmId, String profileId, Supplier<List<LiveConsent>> load) {
        String key = key(realmId, profileId);
        List<LiveConsent> remembered = REMEMBERED.getIfPresent(key);
        if (remembered != null) {
            return remembered;
        }
        long before = FORGETTINGS.get();
        List<LiveConsent> loaded = List.copyOf(load.get());
        // Atomic with forget(key), which counts before it removes: either this sees the count moved, or it is removed.
        REMEMBERED.asMap().compute(key, (k, current) -> FORGETTINGS.get() == before ? loaded : current);
        return loaded;
    }

    /** Forgets the profile's entry on every node after the session's transaction commits; all of the realm's when null. */
    static void forgetOnCommit(KeycloakSession session, String realmId, String profileId) {
        LiveConsentsChanged changed = new LiveConsentsChanged(realmId, profileId == null ? "" : profileId);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                forget(changed);
                session.getProvider(ClusterProvider.class).notify(CLUSTER_EVENTS, changed, true, ClusterProvider.DCNotify.ALL_DCS);
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /** Hears the other nodes' changes. */
    static void listen(KeycloakSession session) {
        session.getProvider(ClusterProvider.class).registerListener(CLUSTER_EVENTS, event -> {
            if (event instanceof LiveConsentsChanged changed) {
                forget(changed);
            }
        });
    }

    private static void forget(LiveConsentsChanged changed) {
        FORGETTINGS.incrementAndGet();
        if (changed.profileId().isEmpty()) {
            REMEMBERED.invalidateAll();
        } else {
            REMEMBERED.invalidate(key(changed.realmId(), changed.profileId()));
        }
    }

    private static String key(String realmId, String profileId) {
        return realmId + " " + profileId;
    }
}
