package io.openfinance.identity.banks;

import io.openfinance.identity.rest.RealmResourceFactory;

public class BankCatalogueResourceProviderFactory extends RealmResourceFactory {

    public BankCatalogueResourceProviderFactory() {
        super("banks", BankCatalogueResource::new);
    }
}
