package io.openfinance.identity.rest;

import java.util.function.Function;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** A realm resource at {@code /realms/{realm}/{id}}, made afresh for each request. */
public abstract class RealmResourceFactory implements RealmResourceProviderFactory {

    private final String id;
    private final Function<KeycloakSession, Object> resource;

    protected RealmResourceFactory(String id, Function<KeycloakSession, Object> resource) {
        this.id = id;
        this.resource = resource;
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        Object instance = resource.apply(session);
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return instance;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return id;
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
