package io.openfinance.identity.store;

import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.timer.TimerProvider;

/**
 * The default connection store: Keycloak's own database, through the request's JPA transaction. Every
 * {@code --spi-open-finance-connection--jpa--expired-tokens-sweep-seconds} (default 3600), one node erases the
 * bank tokens of connections whose consent ended.
 */
public class JpaBankConnectionProviderFactory implements ConnectionProviderFactory {

    private long sweepMillis = 3_600_000;

    @Override
    public ConnectionProvider create(KeycloakSession session) {
        return new JpaBankConnectionProvider(session);
    }

    @Override
    public String getId() {
        return "jpa";
    }

    @Override
    public void init(Config.Scope config) {
        sweepMillis = config.getLong("expiredTokensSweepSeconds", 3600L) * 1000;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                        .schedule(() -> sweepOnOneNode(factory), sweepMillis, ExpiredBankTokensSweep.NAME));
            }
        });
    }

    /** Keycloak's cluster provider lets one node run the sweep per interval, whichever timer fires first. */
    private void sweepOnOneNode(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
                .executeIfNotExecuted(ExpiredBankTokensSweep.NAME, (int) Math.max(1, sweepMillis / 1000 - 1), () -> {
                    new ExpiredBankTokensSweep().run(session);
                    return null;
                }));
    }

    @Override
    public void close() {
    }
}
