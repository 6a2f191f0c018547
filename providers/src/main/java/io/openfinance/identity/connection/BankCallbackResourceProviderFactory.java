package io.openfinance.identity.connection;

import io.openfinance.identity.rest.RealmResourceFactory;

public class BankCallbackResourceProviderFactory extends RealmResourceFactory {

    public BankCallbackResourceProviderFactory() {
        super(BankCallbackResource.PATH, BankCallbackResource::new);
    }
}
