package io.openfinance.identity.bank;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Bank connectors as a Keycloak SPI: a JAR with a {@link BankConnectorFactory} adds a kind of bank. */
public class BankConnectorSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "open-finance-bank-connector";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return BankConnector.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return BankConnectorFactory.class;
    }
}
