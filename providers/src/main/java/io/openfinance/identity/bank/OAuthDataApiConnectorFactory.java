package io.openfinance.identity.bank;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * The default bank connector, {@value BankConfig#DEFAULT_CONNECTOR}. Setting:
 * {@code --spi-open-finance-bank-connector--oauth-data-api--max-response-bytes} (default 1 MiB).
 */
public class OAuthDataApiConnectorFactory implements BankConnectorFactory {

    public static final long DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;

    @Override
    public BankConnector create(KeycloakSession session) {
        return new OAuthDataApiConnector(session, maxResponseBytes);
    }

    @Override
    public void init(Config.Scope config) {
        maxResponseBytes = config.getLong("maxResponseBytes", DEFAULT_MAX_RESPONSE_BYTES);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return BankConfig.DEFAULT_CONNECTOR;
    }
}
