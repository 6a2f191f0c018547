package io.openfinance.identity.discovery;

import io.openfinance.identity.rest.RealmResourceFactory;

public class OidcPathResourceProviderFactory extends RealmResourceFactory {

    public OidcPathResourceProviderFactory() {
        super("oidc", OidcPathResource::new);
    }
}
