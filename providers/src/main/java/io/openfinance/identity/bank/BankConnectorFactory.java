package io.openfinance.identity.bank;

import org.keycloak.provider.ProviderFactory;

public interface BankConnectorFactory extends ProviderFactory<BankConnector> {
}
