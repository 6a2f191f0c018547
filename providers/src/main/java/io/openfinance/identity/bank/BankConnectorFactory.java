package io.openfinance.identity.bank;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderFactory;

public interface BankConnectorFactory extends ProviderFactory<BankConnector> {

    /**
     * The settings this connector reads from a bank's identity provider config beyond {@link BankConfig}'s own, each
     * under its name: a bank's Open finance tab in the admin console shows them. None by default.
     */
    default List<ProviderConfigProperty> bankSettings() {
        return List.of();
    }

    /**
     * Checks a bank's settings as this connector reads them when it talks to the bank, without talking to it, so that
     * the console refuses to save a bank the connector could not use. By default: the required {@link #bankSettings()}
     * are set.
     *
     * @param session the session of the bank's realm
     * @throws BankException naming the first setting the connector would refuse
     */
    default void checkSettings(KeycloakSession session, BankConfig bank) throws BankException {
        for (ProviderConfigProperty setting : bankSettings()) {
            if (setting.isRequired()) {
                bank.setting(setting.getName());
            }
        }
    }
}
