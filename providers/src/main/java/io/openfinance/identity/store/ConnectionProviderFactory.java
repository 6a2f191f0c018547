package io.openfinance.identity.store;

import org.keycloak.provider.ProviderFactory;

public interface ConnectionProviderFactory extends ProviderFactory<ConnectionProvider> {
}
