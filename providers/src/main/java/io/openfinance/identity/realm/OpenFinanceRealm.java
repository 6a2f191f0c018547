package io.openfinance.identity.realm;

import org.keycloak.models.RealmModel;

/**
 * The realms this extension serves: those an admin marked with the attribute {@value #ATTRIBUTE}. Every other
 * realm of the same Keycloak behaves exactly as stock: no resources of ours, stock discovery, stock grants.
 */
public final class OpenFinanceRealm {

    public static final String ATTRIBUTE = "of.openFinance";

    private OpenFinanceRealm() {
    }

    public static boolean isEnabled(RealmModel realm) {
        return realm != null && Boolean.parseBoolean(realm.getAttribute(ATTRIBUTE));
    }
}
