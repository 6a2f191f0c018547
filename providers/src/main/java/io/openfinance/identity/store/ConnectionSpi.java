package io.openfinance.identity.store;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The bank-connection store as a Keycloak SPI, so that another implementation can take the JPA one's place. */
public class ConnectionSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "open-finance-connection";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return ConnectionProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ConnectionProviderFactory.class;
    }
}
