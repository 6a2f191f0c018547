package io.openfinance.identity.ukob;

import java.util.List;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankConnector;
import io.openfinance.identity.bank.BankConnectorFactory;
import io.openfinance.identity.bank.BankException;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The UK Open Banking account-information connector, {@value #ID}. Settings:
 * {@code --spi-open-finance-bank-connector--uk-ob-ais--max-response-bytes} (default 1 MiB per answer) and
 * {@code --spi-open-finance-bank-connector--uk-ob-ais--max-pages} (default 100 {@code Links.Next} pages per read).
 * Each bank's own settings: {@link ObBankSettings}.
 */
public class UkObAisConnectorFactory implements BankConnectorFactory {

    static final String ID = "uk-ob-ais";
    private static final long DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
    private static final int DEFAULT_MAX_PAGES = 100;

    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private int maxPages = DEFAULT_MAX_PAGES;

    @Override
    public BankConnector create(KeycloakSession session) {
        return new UkObAisConnector(session, maxResponseBytes, maxPages);
    }

    @Override
    public List<ProviderConfigProperty> bankSettings() {
        return ObBankSettings.DECLARED;
    }

    @Override
    public void checkSettings(KeycloakSession session, BankConfig bank) throws BankException {
        BankConnectorFactory.super.checkSettings(session, bank);
        ObBankSettings.check(session, bank);
    }

    @Override
    public void init(Config.Scope config) {
        maxResponseBytes = config.getLong("maxResponseBytes", DEFAULT_MAX_RESPONSE_BYTES);
        maxPages = config.getInt("maxPages", DEFAULT_MAX_PAGES);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
