package io.openfinance.identity.obsandbox;

import io.openfinance.identity.rest.RealmResourceFactory;
import io.openfinance.identity.sandbox.Scenario;

/** The Open Banking sandbox's API, {@code /realms/{sandbox realm}/open-banking}, in sandbox bank realms only. */
public class ObSandboxResourceProviderFactory extends RealmResourceFactory {

    public ObSandboxResourceProviderFactory() {
        super("open-banking", ObSandboxResource::new, Scenario::isSandbox);
    }
}
