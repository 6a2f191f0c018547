package io.openfinance.identity.par;

import io.openfinance.identity.rest.RealmResourceFactory;

/** {@code {realm}/request}: {@link RequestUriResource}. */
public class RequestUriResourceProviderFactory extends RealmResourceFactory {

    public RequestUriResourceProviderFactory() {
        super("request", RequestUriResource::new);
    }
}
