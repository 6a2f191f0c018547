package io.openfinance.identity.store;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.openfinance.identity.cluster.OneNode;
import io.openfinance.identity.ledger.SyncSettings;
import io.openfinance.identity.ledger.UnattendedSyncScan;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.timer.TimerProvider;

/**
 * The default connection store: Keycloak's own database, through the request's JPA transaction. Every
 * {@code --spi-open-finance-connection--jpa--expired-tokens-sweep-seconds} (default 3600), one node erases the
 * bank tokens of connections whose consent ended; every {@code …--expiry-scan-seconds} (default 300), one node sends
 * the expiry notices ({@code …--expiry-notice-seconds}, default 7 days and 1 day) and the end of consents; every
 * {@code …--reseal-seconds} (default 60), one node re-seals bank tokens still sealed the old way; every
 * {@code …--revocation-seconds} (default 30), one node tells banks the tokens of deleted connections are no longer
 * wanted ({@link BankRevocations}); every
 * {@code …--sync-scan-seconds}, one node runs the due syncs ({@link SyncSettings}).
 */
public class JpaBankConnectionProviderFactory implements ConnectionProviderFactory {

    private long sweepMillis = 3_600_000;
    private long scanMillis = 300_000;
    private List<Duration> notices = List.of();
    private long resealMillis = 60_000;
    private Duration revocationInterval = Duration.ofSeconds(30);

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
        SyncSettings.configure(config);
        sweepMillis = config.getLong("expiredTokensSweepSeconds", 3600L) * 1000;
        scanMillis = config.getLong("expiryScanSeconds", 300L) * 1000;
        resealMillis = config.getLong("resealSeconds", 60L) * 1000;
        revocationInterval = Duration.ofSeconds(config.getLong("revocationSeconds", 30L));
        notices = Arrays.stream(config.get("expiryNoticeSeconds", "604800,86400").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(s -> Duration.ofSeconds(Long.parseLong(s))).toList();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    LiveConsents.listen(session);
                    OneNode.schedule(session, new ExpiredBankTokensSweep(), sweepMillis);
                    OneNode.schedule(session, new ConsentExpiryScan(notices), scanMillis);
                    LegacyBankTokenReseal reseal = new LegacyBankTokenReseal(100);
                    OneNode.schedule(session, reseal, resealMillis);
                    session.getProvider(TimerProvider.class).schedule(
                            () -> reseal.count(factory), resealMillis, LegacyBankTokenReseal.NAME + "-count");
                    OneNode.schedule(session, new BankRevocations(revocationInterval), revocationInterval.toMillis());
                    OneNode.schedule(session, new UnattendedSyncScan(), SyncSettings.current().syncScan().toMillis());
                });
            }
        });
    }

    @Override
    public void close() {
    }
}
