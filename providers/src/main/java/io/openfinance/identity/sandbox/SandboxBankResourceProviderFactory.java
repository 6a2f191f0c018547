package io.openfinance.identity.sandbox;

import io.openfinance.identity.rest.RealmResourceFactory;

/** The sandbox bank's data API, in sandbox bank realms only. */
public class SandboxBankResourceProviderFactory extends RealmResourceFactory {

    public SandboxBankResourceProviderFactory() {
        super("bank-api", SandboxBankResource::new, Scenario::isSandbox);
    }
}
