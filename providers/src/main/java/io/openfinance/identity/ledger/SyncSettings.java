package io.openfinance.identity.ledger;

import java.time.Duration;

import org.keycloak.Config;

/**
 * The sync settings, read with the connection store's ({@code --spi-open-finance-connection--jpa--…}):
 * {@code first-sync-wait-millis} (default 2000), how long the partner's redirect after a connect waits for the first
 * sync before it goes on without it; {@code unattended-reads} (default and at most 4), the reads of a connection's bank
 * without its customer allowed in any 24 hours; {@code sync-period-seconds} (default 21600), how often our own syncs
 * read each live connection; {@code sync-scan-seconds} (default 300), how often one node looks for the due ones;
 * {@code sync-lease-seconds} (default 600), how long a node holds one of our syncs before another node may take it
 * over; {@code data-retention-seconds} (default 0), how long a connection's stored data outlives its consent.
 */
public record SyncSettings(Duration firstSyncWait, int unattendedAllowance, Duration syncPeriod, Duration syncScan,
                           Duration syncLease, Duration dataRetention) {

    /** What banks allow (PSD2 RTS art. 36(5)); a setting can only lower it. */
    private static final int BANK_ALLOWANCE = 4;
    private static final SyncSettings DEFAULT = new SyncSettings(Duration.ofSeconds(2), BANK_ALLOWANCE, Duration.ofHours(6),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ZERO);
    private static volatile SyncSettings current = DEFAULT;

    public static void configure(Config.Scope config) {
        int allowance = config.getInt("unattendedReads", BANK_ALLOWANCE);
        if (allowance < 0 || allowance > BANK_ALLOWANCE) {
            throw new IllegalArgumentException("unattended-reads must be 0 to " + BANK_ALLOWANCE);
        }
        Duration lease = seconds(config, "syncLeaseSeconds", DEFAULT.syncLease);
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("sync-lease-seconds must be positive");
        }
        current = new SyncSettings(Duration.ofMillis(config.getLong("firstSyncWaitMillis", DEFAULT.firstSyncWait.toMillis())), allowance,
                seconds(config, "syncPeriodSeconds", DEFAULT.syncPeriod), seconds(config, "syncScanSeconds", DEFAULT.syncScan),
                lease, seconds(config, "dataRetentionSeconds", DEFAULT.dataRetention));
    }

    private static Duration seconds(Config.Scope config, String key, Duration absent) {
        return Duration.ofSeconds(config.getLong(key, absent.toSeconds()));
    }

    public static SyncSettings current() {
        return current;
    }
}
