package io.openfinance.identity.sealing;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/** The data keys {@link Sealer} seals and opens with: one per realm, unwrapped on first use and kept in this node's memory. */
public interface SealingKeys extends Provider {

    /** The realm's data key, made (and stored wrapped) on first use. */
    DataKey current(RealmModel realm);

    /** The realm's data key of that id; an exception when there is none or it does not unwrap. */
    DataKey find(RealmModel realm, String id);

    @Override
    default void close() {
    }
}
