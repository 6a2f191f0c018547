package io.openfinance.identity.sandbox;

import io.openfinance.identity.rest.RealmResourceFactory;

public class SandboxBankResourceProviderFactory extends RealmResourceFactory {

    public SandboxBankResourceProviderFactory() {
        super("bank-api", SandboxBankResource::new);
    }
}
