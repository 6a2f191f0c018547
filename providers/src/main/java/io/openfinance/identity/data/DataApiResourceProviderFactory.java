package io.openfinance.identity.data;

import io.openfinance.identity.rest.RealmResourceFactory;

public class DataApiResourceProviderFactory extends RealmResourceFactory {

    public DataApiResourceProviderFactory() {
        super("data", DataApiResource::new);
    }
}
