package io.openfinance.identity.console;

import java.util.List;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiTabProvider;

import io.openfinance.identity.realm.OpenFinanceRealm;

/** Realm settings → Open finance: whether the realm is an open-finance realm (attribute {@value OpenFinanceRealm#ATTRIBUTE}). */
public final class RealmTab extends SettingsTab {

    static final String ID = "of-realm-settings";
    private static final String OPEN_FINANCE = "openFinance";

    public RealmTab() {
        // optional: the console's Realm settings link opens /{realm}/realm-settings, without a tab
        super("/:realm/realm-settings/:tab?");
    }

    /** Once the server has imported its realms: each open-finance realm's tab shows it as one. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream().forEach(RealmTab::mirror));
            }
        });
    }

    /**
     * The console shows the tab's saved component, not the realm: a realm made open-finance another way (its JSON, the
     * admin API) gets the component, so that the tab shows it on rather than offering to turn it off.
     */
    private static void mirror(RealmModel realm) {
        boolean saved = realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName()).anyMatch(c -> ID.equals(c.getProviderId()));
        if (!saved && OpenFinanceRealm.isEnabled(realm)) {
            ComponentModel tab = new ComponentModel();
            tab.setName(ID);
            tab.setProviderId(ID);
            tab.setProviderType(UiTabProvider.class.getName());
            tab.setParentId(realm.getId());
            tab.getConfig().putSingle(OPEN_FINANCE, "true");
            realm.addComponentModel(tab);
        }
    }

    @Override
    void validate(KeycloakSession session, RealmModel realm, MultivaluedHashMap<String, String> values) {
        // a switch: any value is a choice
    }

    @Override
    void apply(KeycloakSession session, RealmModel realm, MultivaluedHashMap<String, String> values) {
        if (Boolean.parseBoolean(text(values, OPEN_FINANCE))) {
            realm.setAttribute(OpenFinanceRealm.ATTRIBUTE, "true");
        } else {
            realm.removeAttribute(OpenFinanceRealm.ATTRIBUTE);
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(OPEN_FINANCE).label("Open-finance realm").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false")
                .helpText("Serve partners and banks in this realm: profiles, connections, the Data API, the bank catalogue. "
                        + "Every other realm stays stock Keycloak.")
                .add().build();
    }

    @Override
    public String getId() {
        return ID;
    }
}
