package io.openfinance.identity.users;

import io.openfinance.identity.rest.SingleResourceProvider;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

public class UsersResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "users";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new SingleResourceProvider(new UsersResource(session));
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
