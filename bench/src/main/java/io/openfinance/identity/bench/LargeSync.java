package io.openfinance.identity.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Syncs of a 5 000-transaction account: the sandbox bank's customer {@value #CUSTOMER} connected to a new profile of the
 * partner, run after run. Each run times the connection's first sync (at connect: reads the account and adds its
 * transactions) and then a sync the partner asks for with the customer present ({@code POST /data/sync/{connectionId}}
 * with {@code customerIpAddress}: attended, not counted against the allowance; within the consent's first minutes, so
 * the bank serves the whole history again and the sync compares all of it). Server time is what each sync's record
 * says ({@code createdAt} to {@code fetchedAt}: reading the bank and writing the store, before the commit); the
 * partner's call is also timed whole, over HTTP. A run whose first sync did not store every transaction, or whose
 * partner sync did not answer {@code ok}, counts as failed.
 */
final class LargeSync {

    static final String CUSTOMER = "large";
    static final int TRANSACTIONS = 5000;
    private static final String SYNC_SCOPES = "accounts:read accounts:write:all";

    private final Api api;

    LargeSync(Api api) {
        this.api = api;
    }

    /** @return the first syncs' server time, the partner's syncs' server time, the partner's syncs over HTTP */
    List<Measurement> measure(String first, String onDemand, String onDemandHttp, int runs) {
        List<Long> firstNanos = new ArrayList<>();
        List<Long> onDemandNanos = new ArrayList<>();
        List<Long> httpNanos = new ArrayList<>();
        int failed = 0;
        long start = System.nanoTime();
        for (int run = 0; run < runs; run++) {
            String profile = Api.expect(201, api.postJson(api.realmUrl() + "/users", Fixture.partnerToken(api, "user:create"), "{}"))
                    .get("userId").asText();
            new ConnectFlow(api).connectProfile(profile, Fixture.DATA_SCOPES, CUSTOMER);
            String reader = Fixture.partnerToken(api, "user:read");
            String connection = awaitFirstSync(profile, reader);
            JsonNode added = latestSync(profile, connection, reader);
            String dataToken = api.clientCredentials(ConnectFlow.PARTNER, ConnectFlow.PARTNER_SECRET, Fixture.DATA_SCOPES, profile);
            long stored = api.getJson(api.realmUrl() + "/data/transactions?limit=1", dataToken).at("/meta/total").asLong();
            if (!"success".equals(added.get("fetchStatus").asText()) || stored != TRANSACTIONS) {
                failed++;
                System.out.printf("  first sync of %s: %s, %d transactions stored%n", connection, added.get("fetchStatus").asText(), stored);
                continue;
            }
            firstNanos.add(serverNanos(added));

            String syncToken = api.clientCredentials(ConnectFlow.PARTNER, ConnectFlow.PARTNER_SECRET, SYNC_SCOPES, profile);
            long began = System.nanoTime();
            JsonNode answer = Api.expect(200, api.postJson(api.realmUrl() + "/data/sync/" + connection, syncToken,
                    "{\"customerIpAddress\": \"127.0.0.1\"}"));
            long http = System.nanoTime() - began;
            JsonNode synced = latestSync(profile, connection, reader);
            if (!"ok".equals(answer.at("/data/status").asText()) || !"client-update".equals(synced.get("action").asText())) {
                failed++;
                System.out.printf("  sync of %s answered %s%n", connection, answer);
                continue;
            }
            httpNanos.add(http);
            onDemandNanos.add(serverNanos(synced));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return List.of(measurement(first, firstNanos, seconds, failed), measurement(onDemand, onDemandNanos, seconds, failed),
                measurement(onDemandHttp, httpNanos, seconds, failed));
    }

    /** The profile's one connection once its first sync has ended, as a partner polls it. */
    private String awaitFirstSync(String profile, String reader) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode connections = api.getJson(api.realmUrl() + "/users/" + profile + "/connections", reader).get("data");
            if (connections.size() == 1 && (connections.get(0).hasNonNull("lastUpdated") || connections.get(0).hasNonNull("error"))) {
                return connections.get(0).get("id").asText();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the first sync of profile " + profile + "'s connection did not end within 2 minutes");
    }

    /** The connection's newest sync record, as {@code getConnectionSyncs} lists it (newest first). */
    private JsonNode latestSync(String profile, String connection, String reader) {
        return api.getJson(api.realmUrl() + "/users/" + profile + "/connections/" + connection + "/syncs", reader).get("data").get(0);
    }

    private static long serverNanos(JsonNode sync) {
        return Duration.between(Instant.parse(sync.get("createdAt").asText()), Instant.parse(sync.get("fetchedAt").asText())).toNanos();
    }

    private static Measurement measurement(String operation, List<Long> nanos, double seconds, int failed) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return new Measurement(operation, sorted.size(), seconds, failed, ConnectFlow.percentile(sorted, 50), ConnectFlow.percentile(sorted, 99));
    }
}
