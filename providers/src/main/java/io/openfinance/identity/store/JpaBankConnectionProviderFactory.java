package io.openfinance.identity.store;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/**
 * The default connection store: Keycloak's own database, through the request's JPA transaction. Every
 * {@code --spi-open-finance-connection--jpa--expired-tokens-sweep-seconds} (default 3600), one node erases the
 * bank tokens of connections whose consent ended; every {@code …--expiry-scan-seconds} (default 300), one node sends
 * the expiry notices ({@code …--expiry-notice-seconds}, default 7 days and 1 day) and the end of consents.
 */
public class JpaBankConnectionProviderFactory implements ConnectionProviderFactory {

    private static final Logger LOG = Logger.getLogger(JpaBankConnectionProviderFactory.class);

    private long sweepMillis = 3_600_000;
    private long scanMillis = 300_000;
    private List<Duration> notices = List.of();

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
        scanMillis = config.getLong("expiryScanSeconds", 300L) * 1000;
        notices = Arrays.stream(config.get("expiryNoticeSeconds", "604800,86400").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(s -> Duration.ofSeconds(Long.parseLong(s))).toList();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    TimerProvider timer = session.getProvider(TimerProvider.class);
                    timer.schedule(() -> onOneNode(factory, new ExpiredBankTokensSweep(), sweepMillis), sweepMillis, ExpiredBankTokensSweep.NAME);
                    timer.schedule(() -> onOneNode(factory, new ConsentExpiryScan(notices), scanMillis), scanMillis, ConsentExpiryScan.NAME);
                });
            }
        });
    }

    /**
     * Keycloak's cluster provider lets one node run the task per interval, whichever timer fires first. A failure is
     * logged and left to the next interval: thrown, it would end the timer thread Keycloak's own tasks share.
     */
    private static void onOneNode(KeycloakSessionFactory factory, ScheduledTask task, long intervalMillis) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
                    .executeIfNotExecuted(task.getTaskName(), (int) Math.max(1, intervalMillis / 1000 - 1), () -> {
                        task.run(session);
                        return null;
                    }));
        } catch (RuntimeException e) {
            LOG.warnf(e, "%s failed; it runs again in %d seconds", task.getTaskName(), intervalMillis / 1000);
        }
    }

    @Override
    public void close() {
    }
}
