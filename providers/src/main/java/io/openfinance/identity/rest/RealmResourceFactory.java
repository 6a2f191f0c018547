package io.openfinance.identity.rest;

import java.util.function.Function;
import java.util.function.Predicate;

import io.openfinance.identity.realm.OpenFinanceRealm;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * A realm resource at {@code /realms/{realm}/{id}}, made afresh for each request, in the realms it serves
 * only: elsewhere Keycloak answers its own 404, as if the extension were not installed.
 */
public abstract class RealmResourceFactory implements RealmResourceProviderFactory {

    private final String id;
    private final Function<KeycloakSession, Object> resource;
    private final Predicate<RealmModel> serves;

    /** A resource of the open-finance realms. */
    protected RealmResourceFactory(String id, Function<KeycloakSession, Object> resource) {
        this(id, resource, OpenFinanceRealm::isEnabled);
    }

    protected RealmResourceFactory(String id, Function<KeycloakSession, Object> resource, Predicate<RealmModel> serves) {
        this.id = id;
        this.resource = resource;
        this.serves = serves;
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        Object instance = serves.test(session.getContext().getRealm()) ? resource.apply(session) : null;
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
