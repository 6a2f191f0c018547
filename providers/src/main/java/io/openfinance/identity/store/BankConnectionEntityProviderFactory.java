package io.openfinance.identity.store;

import io.openfinance.identity.authrequests.AuthRequests;
import io.openfinance.identity.profile.Profiles;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Registers the connection and profile tables with Keycloak's JPA store, and removes a profile's connections
 * (with their bank tokens) whenever Keycloak removes the profile, from whichever API.
 */
public class BankConnectionEntityProviderFactory implements JpaEntityProviderFactory {

    static final String ID = "open-finance-connections";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new BankConnectionEntityProvider();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                removed.getKeycloakSession().getProvider(ConnectionProvider.class)
                        .deleteAllOfProfile(removed.getRealm(), removed.getUser().getId());
                Profiles.forget(removed.getKeycloakSession(), removed.getUser().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                removed.getKeycloakSession().getProvider(ConnectionProvider.class).deleteAllOfRealm(removed.getRealm());
                Profiles.forgetRealm(removed.getKeycloakSession(), removed.getRealm());
                AuthRequests.forgetRealm(removed.getKeycloakSession(), removed.getRealm());
            }
        });
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
