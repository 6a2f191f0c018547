package io.openfinance.identity.store;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** The default connection store: Keycloak's own database, through the request's JPA transaction. */
public class JpaBankConnectionProviderFactory implements ConnectionProviderFactory {

    @Override
    public ConnectionProvider create(KeycloakSession session) {
        return new JpaBankConnectionProvider(session);
    }

    @Override
    public String getId() {
        return "jpa";
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
}
