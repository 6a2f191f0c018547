package io.openfinance.identity.console;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankConnectorFactory;
import io.openfinance.identity.bank.BankException;

/**
 * The bank settings each installed connector declares ({@link BankConnectorFactory#bankSettings()}), as fields of a
 * bank's Open finance tab. The console's form is the same for every bank, so it shows every connector's settings, each
 * field named and labelled after its connector ({@code uk-ob-ais--fapiFinancialId}, "uk-ob-ais: Financial id"); only
 * the chosen connector's are applied, and a bank keeps no other connector's settings.
 */
final class ConnectorFields {

    /** Between a connector's id and its setting's name, as in Keycloak's SPI options (not a dot: the console escapes those). */
    private static final String SEPARATOR = "--";

    private final Map<String, BankConnectorFactory> connectors = new TreeMap<>();

    ConnectorFields(Collection<BankConnectorFactory> installed) {
        installed.forEach(factory -> connectors.put(factory.getId(), factory));
    }

    List<String> ids() {
        return List.copyOf(connectors.keySet());
    }

    boolean installed(String connector) {
        return connectors.containsKey(connector);
    }

    /** Every connector's settings, optional in the form: which are required depends on the chosen connector. */
    List<ProviderConfigProperty> fields() {
        List<ProviderConfigProperty> fields = new ArrayList<>();
        connectors.forEach((id, factory) -> factory.bankSettings().forEach(setting -> {
            ProviderConfigProperty field = new ProviderConfigProperty(field(id, setting), id + ": " + setting.getLabel(),
                    setting.getHelpText() + " Used when Connector is " + id + (setting.isRequired() ? ", and required then." : "."),
                    setting.getType(), setting.getDefaultValue(), setting.isSecret());
            field.setOptions(setting.getOptions());
            fields.add(field);
        }));
        return fields;
    }

    /**
     * Puts the {@code chosen} connector's fields into a bank's config, each under its setting's name (an empty field
     * removes the setting), and removes the other connectors' settings, which the chosen one does not read.
     */
    void apply(Map<String, String> config, String chosen, MultivaluedHashMap<String, String> values) {
        connectors.forEach((id, factory) -> {
            if (!id.equals(chosen)) {
                factory.bankSettings().forEach(setting -> config.remove(setting.getName()));
            }
        });
        BankConnectorFactory factory = connectors.get(chosen);
        if (factory != null) {
            factory.bankSettings().forEach(setting ->
                    SettingsTab.putOrRemove(config, setting.getName(), SettingsTab.text(values, field(chosen, setting))));
        }
    }

    /** Removes every connector's settings from a config: what remains is not a bank's. */
    void removeAll(Map<String, String> config) {
        connectors.values().forEach(factory -> factory.bankSettings().forEach(setting -> config.remove(setting.getName())));
    }

    /** @throws BankException naming the first setting the bank's connector (installed) would refuse */
    void check(KeycloakSession session, BankConfig bank) throws BankException {
        connectors.get(bank.connector()).checkSettings(session, bank);
    }

    private static String field(String connector, ProviderConfigProperty setting) {
        return connector + SEPARATOR + setting.getName();
    }
}
