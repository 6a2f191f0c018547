package io.openfinance.identity.rest;

import org.keycloak.services.resource.RealmResourceProvider;

/** Hands Keycloak the JAX-RS resource object a realm resource factory made for one request. */
public record SingleResourceProvider(Object resource) implements RealmResourceProvider {

    @Override
    public Object getResource() {
        return resource;
    }

    @Override
    public void close() {
    }
}
