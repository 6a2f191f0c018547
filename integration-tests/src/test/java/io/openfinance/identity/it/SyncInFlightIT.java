package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.FirstSync;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;

/**
 * Every sync holds its connection's lease while it reads the bank, the first one at connect and the partner's too:
 * two syncs of one connection never read the bank at once. A partner's sync asked while another is in flight waits for
 * it and is answered by it, its {@code syncId} and status, without a read of its own. The sandbox bank's {@code slow}
 * customer makes each read last 3 seconds, so that a sync is still in flight when the second is asked.
 */
@ExtendWith(KeycloakExtension.class)
class SyncInFlightIT {

    private static final String CUSTOMER = "slow";
    private static final String PRESENT = "{\"customerIpAddress\": \"203.0.113.9\"}";
    private static Partner partner;

    @BeforeAll
    static void registerPartner(KeycloakServer server) {
        partner = Partner.register(server, "Sync In Flight Partner", Map.of());
    }

    @Test
    void aPartnersSyncAskedDuringTheFirstSyncIsAnsweredByIt() {
        String profile = partner.newProfile();
        Partner.Authorization authorization = partner.authorize("openid id:sandbox", Connect.ongoingClaims(profile), "signed");
        // The bank callback's answer waits for the first sync (the test server lets it wait 30 s): connect aside.
        CompletableFuture<Partner.Tokens> connecting = CompletableFuture.supplyAsync(
                () -> partner.exchange(authorization, Connect.agreeAndSignIn(authorization, CUSTOMER).partnerCallback()));
        String connection = awaitConnection(profile);

        JsonNode answer = sync(profile, connection, PRESENT);
        String connected = (String) connecting.join().idToken().getClaim("mh:con_id");
        assertEquals(connection, connected);

        List<JsonNode> syncs = syncs(profile, connection);
        assertNoneOverlap(syncs);
        assertEquals(1, syncs.size(), "the partner's sync asked during the first one read nothing of its own: " + syncs);
        JsonNode first = syncs.get(0);
        assertEquals("ADD", first.get("method").asText());
        assertEquals("auto-update", first.get("action").asText());
        assertEquals(first.get("id").asText(), answer.get("syncId").asText(), "answered by the first sync");
        assertEquals("ok", answer.get("status").asText());
    }

    @Test
    void twoPartnerSyncsAtOnceReadTheBankOnceAndGetTheSameAnswer() throws Exception {
        String profile = partner.newProfile();
        String connection = Connect.ongoing(partner, profile, CUSTOMER);
        assertNull(FirstSync.await(partner, profile, connection).get("error").textValue());

        CompletableFuture<JsonNode> earlier = CompletableFuture.supplyAsync(() -> sync(profile, connection, PRESENT));
        Thread.sleep(1000);
        JsonNode later = sync(profile, connection, "{}");

        List<JsonNode> syncs = syncs(profile, connection);
        assertNoneOverlap(syncs);
        assertEquals(2, syncs.size(), "the first sync and one of the partner's, for both calls: " + syncs);
        JsonNode partners = syncs.get(0);
        assertEquals("client-update", partners.get("action").asText());
        assertEquals(partners.get("id").asText(), earlier.get().get("syncId").asText());
        assertEquals(partners.get("id").asText(), later.get("syncId").asText(), "the later call answered by the sync in flight");
        assertEquals("ok", later.get("status").asText());
    }

    /** Each sync's read, from its creation to its fetch, ended before the next one's began. */
    private static void assertNoneOverlap(List<JsonNode> syncs) {
        List<JsonNode> byCreation = new ArrayList<>(syncs);
        byCreation.sort(Comparator.comparing(sync -> Instant.parse(sync.get("createdAt").asText())));
        for (int i = 0; i + 1 < byCreation.size(); i++) {
            Instant fetched = Instant.parse(byCreation.get(i).get("fetchedAt").asText());
            Instant nextCreated = Instant.parse(byCreation.get(i + 1).get("createdAt").asText());
            assertTrue(!fetched.isAfter(nextCreated), "two syncs of the connection read the bank at once: " + byCreation);
        }
    }

    /** The profile's connection, as soon as the bank callback committed it (its first sync then starts). */
    private static String awaitConnection(String profile) {
        String token = partner.accessToken("user:read", null);
        for (int attempt = 0; attempt < 600; attempt++) {
            JsonNode connections = ok(Http.get(partner.realmUrl() + "/users/" + profile + "/connections", token)).get("data");
            if (connections.size() == 1) {
                assertTrue(!connections.get(0).hasNonNull("lastUpdated"), "the first sync still in flight: " + connections);
                return connections.get(0).get("id").asText();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no connection for " + profile + " within 30 s");
    }

    private static JsonNode sync(String profile, String connection, String body) {
        return ok(Http.postJson(partner.realmUrl() + "/data/sync/" + connection,
                partner.accessToken("accounts:read accounts:write:all", profile), body)).get("data");
    }

    private static List<JsonNode> syncs(String profile, String connection) {
        List<JsonNode> syncs = new ArrayList<>();
        ok(Http.get(partner.realmUrl() + "/users/" + profile + "/connections/" + connection + "/syncs",
                partner.accessToken("user:read", null))).get("data").forEach(syncs::add);
        return syncs;
    }

    private static JsonNode ok(Http.Answer answer) {
        assertTrue(answer.status() == 200 || answer.status() == 201, answer.status() + " " + answer.body());
        return answer.json();
    }
}
