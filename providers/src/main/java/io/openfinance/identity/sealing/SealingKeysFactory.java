package io.openfinance.identity.sealing;

import org.keycloak.provider.ProviderFactory;

public interface SealingKeysFactory extends ProviderFactory<SealingKeys> {
}
