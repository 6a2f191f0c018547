package io.openfinance.identity.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * Our counters and timers, in Micrometer's global registry, which Keycloak serves at {@code /metrics} on its
 * management port (with {@code --metrics-enabled=true}). Labels are bounded: bank ids, outcomes, error codes.
 */
public final class OpenFinanceMetrics {

    private static final Map<String, AtomicLong> SEALING_PENDING = new ConcurrentHashMap<>();

    private OpenFinanceMetrics() {
    }

    /** {@code of_connections_total{bank, outcome}}: made, renewed, refused (with the OAuth error as reason), deleted. */
    public static void connection(String bankId, String outcome, String reason) {
        Counter.builder("of_connections").description("Bank connections made, renewed, refused and deleted")
                .tag("bank", bankId == null ? "none" : bankId).tag("outcome", outcome).tag("reason", reason == null ? "" : reason)
                .register(Metrics.globalRegistry).increment();
    }

    /** {@code of_bank_call_seconds{bank, call, outcome}}: our calls to banks, ok, refused or failed. */
    public static void bankCall(String bankId, String call, String outcome, Duration took) {
        Timer.builder("of_bank_call").description("Calls to banks' token endpoints and data APIs")
                .tag("bank", bankId).tag("call", call).tag("outcome", outcome)
                .register(Metrics.globalRegistry).record(took);
    }

    /**
     * {@code of_bank_http_seconds{bank}}: each HTTP exchange with a bank's server, from our request to its answer's last
     * byte: the time our server waits on the bank, without our own work around the call.
     */
    public static void bankHttp(String bankId, Duration took) {
        Timer.builder("of_bank_http").description("HTTP exchanges with banks' servers, from request to the answer's last byte")
                .tag("bank", bankId).register(Metrics.globalRegistry).record(took);
    }

    /**
     * {@code of_first_sync_wait_seconds{bank}}: how long the partner's redirect after a connect waited for the connection's
     * first sync (at most {@code first-sync-wait-millis}); the sync's reads of the bank are inside it.
     */
    public static void firstSyncWait(String bankId, Duration took) {
        Timer.builder("of_first_sync_wait").description("The connect flow's wait for the connection's first sync")
                .tag("bank", bankId).register(Metrics.globalRegistry).record(took);
    }

    /** {@code of_data_api_requests_total{outcome}}: the Data API's answers, by HTTP status family or error code. */
    public static void dataApiRequest(String outcome) {
        Counter.builder("of_data_api_requests").description("Data API requests by outcome")
                .tag("outcome", outcome).register(Metrics.globalRegistry).increment();
    }

    /** {@code of_bank_tokens_erased_total}: connections whose bank tokens were erased after their consent ended. */
    public static void bankTokensErased(int connections) {
        Counter.builder("of_bank_tokens_erased").description("Connections whose bank tokens were erased at consent end")
                .register(Metrics.globalRegistry).increment(connections);
    }

    /**
     * {@code of_bank_revocations_total{bank,outcome}}: attempts to revoke a deleted connection's bank tokens: revoked,
     * refused, dropped (bank or keys gone), retry, abandoned (after the last attempt).
     */
    public static void bankRevocation(String bankId, String outcome) {
        Counter.builder("of_bank_revocations").description("Attempts to revoke the bank tokens of deleted connections")
                .tag("bank", bankId).tag("outcome", outcome).register(Metrics.globalRegistry).increment();
    }

    /** {@code of_profile_tokens_total{grant}}: data tokens issued for a profile. */
    public static void profileToken(String grantType) {
        Counter.builder("of_profile_tokens").description("Data tokens issued for a profile (sub)")
                .tag("grant", grantType).register(Metrics.globalRegistry).increment();
    }

    /**
     * {@code of_token_event_commit_events}: a summary of the node's transactions of token audit events, each recording
     * how many events it stored: its count is the transactions, its sum the events.
     */
    public static void tokenEventCommit(int events) {
        DistributionSummary.builder("of_token_event_commit").description("Token audit events stored per transaction of the node's group commit")
                .baseUnit("events").register(Metrics.globalRegistry).record(events);
    }

    /** {@code of_partner_events_total{outcome}}: delivery attempts of partner events: delivered, failed, retry. */
    public static void partnerEvent(String outcome) {
        Counter.builder("of_partner_events").description("Delivery attempts of connection events to partners")
                .tag("outcome", outcome).register(Metrics.globalRegistry).increment();
    }

    /**
     * {@code of_sealing_pending{kind}}: what is left to re-seal after a key change, as this node last counted it:
     * {@code data_keys} still wrapped by a previous key-encryption key, {@code legacy_values} still sealed the old way.
     */
    public static void sealingPending(String kind, long count) {
        SEALING_PENDING.computeIfAbsent(kind, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("of_sealing_pending", value, AtomicLong::get)
                    .description("Data keys under previous key-encryption keys and values sealed the old way, left to re-seal")
                    .tag("kind", k).register(Metrics.globalRegistry);
            return value;
        }).set(count);
    }
}
