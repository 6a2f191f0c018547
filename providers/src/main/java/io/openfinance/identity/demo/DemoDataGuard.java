package io.openfinance.identity.demo;

import java.util.Map;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * Keeps the demo's public credentials out of production: the sample partners, whose secret and private key are in
 * the repository, the sandbox bank and the sandbox bank's realm, whose customers' passwords are in docs/admins.md. They
 * carry the attribute {@value #ATTRIBUTE}{@code =true} (a client, an identity provider's config, or a whole realm).
 * A production server ({@code kc.sh start}) refuses them unless its admin allowed demo data
 * ({@link DemoDataGuardFactory}); development mode ({@code start-dev}) always allows them.
 */
public final class DemoDataGuard implements Provider {

    public static final String ATTRIBUTE = "of.demo";

    private final boolean allowed;

    public DemoDataGuard(boolean allowed) {
        this.allowed = allowed;
    }

    public static DemoDataGuard of(KeycloakSession session) {
        return session.getProvider(DemoDataGuard.class);
    }

    /** No token for this client, in any grant: it is demo data, or belongs to a demo realm. */
    public boolean refuses(ClientModel client) {
        return !allowed && client != null && (isDemo(client) || isDemo(client.getRealm()));
    }

    /** No connection to, nor data from, this bank (an identity provider's config). */
    public boolean refusesBank(Map<String, String> config) {
        return !allowed && isDemo(config);
    }

    static boolean isDemo(Map<String, String> config) {
        return config != null && Boolean.parseBoolean(config.get(ATTRIBUTE));
    }

    static boolean isDemo(ClientModel client) {
        return Boolean.parseBoolean(client.getAttribute(ATTRIBUTE));
    }

    static boolean isDemo(RealmModel realm) {
        return realm != null && Boolean.parseBoolean(realm.getAttribute(ATTRIBUTE));
    }

    @Override
    public void close() {
    }
}
