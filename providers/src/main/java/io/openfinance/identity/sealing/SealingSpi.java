package io.openfinance.identity.sealing;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** {@code open-finance-sealing}: where the data keys and the key-encryption keys that wrap them come from. */
public class SealingSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "open-finance-sealing";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return SealingKeys.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return SealingKeysFactory.class;
    }
}
