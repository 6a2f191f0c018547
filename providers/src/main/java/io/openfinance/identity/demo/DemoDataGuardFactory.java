package io.openfinance.identity.demo;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Environment;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderFactory;

/**
 * Whether this server accepts demo data: always in development mode; in production mode only with
 * {@value #SETTING}{@code =true}. Every production start names, once the realms are imported, each piece of demo
 * data it refuses (ERROR) or, with the setting on, accepts (WARN).
 */
public class DemoDataGuardFactory implements ProviderFactory<DemoDataGuard> {

    static final String SETTING = "--spi-open-finance-demo-data--default--allowed";
    private static final Logger LOG = Logger.getLogger(DemoDataGuardFactory.class);

    private boolean allowedBySetting;
    private DemoDataGuard guard;

    @Override
    public DemoDataGuard create(KeycloakSession session) {
        return guard;
    }

    @Override
    public void init(Config.Scope config) {
        allowedBySetting = config.getBoolean("allowed", false);
        guard = new DemoDataGuard(Environment.isDevMode() || allowedBySetting);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (Environment.isDevMode()) {
            return;
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, this::report);
            }
        });
    }

    /** Once per start: every realm's clients and identity providers are read (client attributes are not searchable). */
    private void report(KeycloakSession session) {
        List<String> demo = new ArrayList<>();
        session.realms().getRealmsStream().forEach(realm -> {
            if (DemoDataGuard.isDemo(realm)) {
                demo.add("realm " + realm.getName() + " (every client of it)");
            }
            realm.getClientsStream().filter(DemoDataGuard::isDemo)
                    .forEach(client -> demo.add("client " + client.getClientId() + " of realm " + realm.getName()));
            session.getContext().setRealm(realm);
            session.identityProviders().getAllStream().filter(bank -> DemoDataGuard.isDemo(bank.getConfig()))
                    .forEach(bank -> demo.add("bank " + bank.getAlias() + " of realm " + realm.getName()));
        });
        for (String piece : demo) {
            if (allowedBySetting) {
                LOG.warnf("Demo data accepted (%s=true): %s, whose credentials are public", SETTING, piece);
            } else {
                LOG.errorf("Demo data refused by this production server: %s gets no token and no connection. "
                        + "Import realm-config/production/identity-realm.json instead of the demo realms, "
                        + "or set %s=true for a demonstration", piece, SETTING);
            }
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return "default";
    }
}
