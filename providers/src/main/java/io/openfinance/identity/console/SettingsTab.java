package io.openfinance.identity.console;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminRoot;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

import io.openfinance.identity.realm.OpenFinanceRealm;

/**
 * An <em>Open finance</em> tab of the admin console (Keycloak's declarative UI, feature {@code declarative-ui}).
 * The console saves a tab as one component of the realm, whatever page it is on, adding the page's route parameters
 * (e.g. {@code alias}) to its config. The settings themselves live where the server reads them (identity provider
 * config, client and realm attributes): on save they are checked with the server's own rules, then written there
 * ({@link #apply}). A refused save is a {@link ComponentValidationException}: the console shows its message and
 * nothing is stored.
 */
abstract class SettingsTab implements UiTabProviderFactory<Void> {

    static final String TAB = "open-finance";

    private final String path;
    private final List<ProviderConfigProperty> routeParameters;

    SettingsTab(String path) {
        this.path = path;
        this.routeParameters = Arrays.stream(path.split("/")).filter(segment -> segment.startsWith(":"))
                .map(segment -> segment.substring(1).replace("?", ""))
                .map(name -> new ProviderConfigProperty(name, name, null, ProviderConfigProperty.STRING_TYPE, null))
                .toList();
    }

    /** Throws a {@link ComponentValidationException} naming the first value the server would not accept. */
    abstract void validate(KeycloakSession session, RealmModel realm, MultivaluedHashMap<String, String> values);

    /** Writes the checked values where the server reads them. */
    abstract void apply(KeycloakSession session, RealmModel realm, MultivaluedHashMap<String, String> values);

    /**
     * Keycloak also validates a component it imports with a realm (e.g. {@code --import-realm} of an export), where no
     * admin asks anything and nothing is applied ({@link #onCreate} is not called): only a save through the admin API
     * is checked.
     */
    @Override
    public final void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (session.getContext().getBearerToken() != null) {
            validate(session, realm, model.getConfig());
        }
    }

    @Override
    public final void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        apply(session, realm, model.getConfig());
    }

    @Override
    public final void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        apply(session, realm, newModel.getConfig());
    }

    /**
     * The page's route parameters ({@code alias}, {@code clientId}, …), which the console adds to the tab's config at
     * every save. Keycloak's components endpoint updates only the config keys its factory declares, and the console's
     * form shows only {@link #getConfigProperties()}: declared here, they are current after every save without being
     * fields of the form. Undeclared, the saved form kept its first save's, e.g. another identity provider's alias.
     */
    @Override
    public final List<ProviderConfigProperty> getCommonProviderConfigProperties() {
        return routeParameters;
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", TAB);
    }

    /**
     * What the admin who saves may do. Saving a tab takes only {@code manage-realm} (the components endpoint's rule),
     * while a tab writes to an identity provider or a client: each tab also asks the permission that write needs.
     */
    static AdminPermissionEvaluator permissions(KeycloakSession session, RealmModel realm) {
        AdminAuth admin = AdminRoot.authenticateRealmAdminRequest(session);
        // which also made the admin's realm (e.g. master) the session's: the tab's own lookups are in this one
        session.getContext().setRealm(realm);
        return AdminPermissions.evaluator(session, realm, admin);
    }

    static void requireOpenFinanceRealm(RealmModel realm) {
        if (!OpenFinanceRealm.isEnabled(realm)) {
            throw new ComponentValidationException("Realm " + realm.getName()
                    + " is not an open-finance realm: turn it on first (Realm settings, Open finance tab)");
        }
    }

    /** A single value, stripped; {@code null} when absent or blank. */
    static String text(MultivaluedHashMap<String, String> values, String key) {
        String value = values.getFirst(key);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Sets {@code key} to {@code value}, or removes it when {@code value} is {@code null}. */
    static void putOrRemove(Map<String, String> config, String key, String value) {
        if (value == null) {
            config.remove(key);
        } else {
            config.put(key, value);
        }
    }

    /** The non-blank values of a multivalued field, stripped. */
    static List<String> list(MultivaluedHashMap<String, String> values, String key) {
        return values.getOrDefault(key, List.of()).stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
    }

    @Override
    public String getHelpText() {
        return null;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
