package io.openfinance.identity.demo;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The demo data's guard, configured as {@code --spi-open-finance-demo-data--default--…}. */
public class DemoDataSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "open-finance-demo-data";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return DemoDataGuard.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return DemoDataGuardFactory.class;
    }
}
