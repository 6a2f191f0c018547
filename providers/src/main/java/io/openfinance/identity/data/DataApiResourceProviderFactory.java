package io.openfinance.identity.data;

import io.openfinance.identity.rest.PagedRealmResourceFactory;

public class DataApiResourceProviderFactory extends PagedRealmResourceFactory {

    public DataApiResourceProviderFactory() {
        super("data", DataApiResource::new);
    }
}
