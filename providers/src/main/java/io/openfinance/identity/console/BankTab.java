package io.openfinance.identity.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankConnector;
import io.openfinance.identity.bank.BankConnectorFactory;
import io.openfinance.identity.bank.BankException;

/**
 * Identity providers → a provider → Open finance: whether it is a bank, the settings an identity provider lacks
 * ({@link BankConfig}'s keys in the provider's config), and those its connector declares ({@link ConnectorFields}).
 */
public final class BankTab extends SettingsTab {

    static final String ID = "of-bank-settings";
    /** The provider's alias, as the console's route names it. */
    private static final String ALIAS = "alias";
    /** The alias again, typed by the admin: the console shows one tab's values for every provider (see admins' docs). */
    private static final String CONFIRM_ALIAS = "bankAlias";
    private static final String IS_BANK = "isBank";
    private static final List<String> SETTINGS = List.of(BankConfig.DATA_API_URL, BankConfig.BANK_TYPE, BankConfig.ICON_URL,
            BankConfig.CONNECTOR, BankConfig.REVOCATION_URL);
    private static final List<String> URL_SETTINGS = List.of(BankConfig.DATA_API_URL, BankConfig.ICON_URL, BankConfig.REVOCATION_URL);

    private ConnectorFields connectors = new ConnectorFields(List.of());

    public BankTab() {
        super("/:realm/identity-providers/:providerId/:alias/:tab");
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        connectors = new ConnectorFields(factory.getProviderFactoriesStream(BankConnector.class)
                .map(BankConnectorFactory.class::cast).toList());
    }

    @Override
    void validate(KeycloakSession session, RealmModel realm, MultivaluedHashMap<String, String> values) {
        requireOpenFinanceRealm(realm);
        permissions(session, realm).realm().requireManageIdentityProviders();
        IdentityProviderModel provider = provider(session, values);
        if (!provider.getAlias().equals(text(values, CONFIRM_ALIAS))) {
            throw new ComponentValidationException("Bank alias must be this identity provider's alias, " + provider.getAlias()
                    + " (the tab shows the values last saved through it, possibly for another provider)");
        }
        if (!Boolean.parseBoolean(text(values, IS_BANK))) {
            return;
        }
        Map<String, String> config = bankConfig(provider, values);
        BankConfig bank;
        try {
            bank = BankConfig.parse(provider.getAlias(), provider.getDisplayName(), config, secret -> secret);
        } catch (IllegalArgumentException refused) {
            throw new ComponentValidationException("Not a usable bank: " + refused.getMessage());
        }
        try {
            for (String key : URL_SETTINGS) {
                bank.url(key);
            }
        } catch (BankException refused) {
            throw new ComponentValidationException(refused.getMessage());
        }
        String type = config.get(BankConfig.BANK_TYPE);
        if (type != null && !type.equals("api") && !type.equals("test")) {
            throw new ComponentValidationException("Type must be api or test, not " + type);
        }
        if (!connectors.installed(bank.connector())) {
            throw new ComponentValidationException("Connector " + bank.connector() + " is not installed; installed: "
                    + connectors.ids());
        }
        try {
            connectors.check(session, bank);
        } catch (BankException refused) {
            throw new ComponentValidationException("Not usable with connector " + bank.connector() + ": " + refused.getMessage());
        }
    }

    @Override
    void apply(KeycloakSession session, RealmModel realm, MultivaluedHashMap<String, String> values) {
        IdentityProviderModel provider = provider(session, values);
        Map<String, String> config = bankConfig(provider, values);
        if (!Boolean.parseBoolean(text(values, IS_BANK))) {
            SETTINGS.forEach(config::remove);
            connectors.removeAll(config);
        }
        provider.setConfig(config);
        session.identityProviders().update(provider);
    }

    /** The provider's config with the tab's settings in place of its own (an empty field removes the setting). */
    private Map<String, String> bankConfig(IdentityProviderModel provider, MultivaluedHashMap<String, String> values) {
        Map<String, String> config = new HashMap<>(provider.getConfig());
        for (String key : SETTINGS) {
            putOrRemove(config, key, text(values, key));
        }
        connectors.apply(config, config.getOrDefault(BankConfig.CONNECTOR, BankConfig.DEFAULT_CONNECTOR), values);
        return config;
    }

    private static IdentityProviderModel provider(KeycloakSession session, MultivaluedHashMap<String, String> values) {
        String alias = text(values, ALIAS);
        IdentityProviderModel provider = alias == null ? null : session.identityProviders().getByAlias(alias);
        if (provider == null) {
            throw new ComponentValidationException("Save this tab from an identity provider's page");
        }
        return provider;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = new ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(CONFIRM_ALIAS).label("Bank alias").type(ProviderConfigProperty.STRING_TYPE).required(true)
                .helpText("This identity provider's alias (the bank id), to confirm which provider the values below are for: "
                        + "the console shows the values last saved through this tab, for whichever provider.").add()
                .property().name(IS_BANK).label("Bank").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("A bank partners connect to (id:<alias>), rather than a login provider. Off removes the settings below.").add()
                .property().name(BankConfig.DATA_API_URL).label("API root").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The root URL of the bank's data API (GET {root}/accounts, {root}/accounts/{id}/transactions). Required for a bank.").add()
                .property().name(BankConfig.BANK_TYPE).label("Type").type(ProviderConfigProperty.LIST_TYPE).options("api", "test")
                .defaultValue("api").helpText("Shown in the bank catalogue: api for a real bank, test for a sandbox.").add()
                .property().name(BankConfig.ICON_URL).label("Icon URL").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The bank's icon in the bank catalogue.").add()
                .property().name(BankConfig.CONNECTOR).label("Connector").type(ProviderConfigProperty.LIST_TYPE)
                .options(connectors.ids()).defaultValue(BankConfig.DEFAULT_CONNECTOR)
                .helpText("How the service talks to this bank's API: one of the installed bank connectors. Its own "
                        + "settings are the fields named after it below; the other connectors' are not kept.").add()
                .property().name(BankConfig.REVOCATION_URL).label("Revocation URL").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Where the bank's tokens are revoked when a connection or profile is deleted.").add()
                .build());
        properties.addAll(connectors.fields());
        return properties;
    }

    @Override
    public String getId() {
        return ID;
    }
}
