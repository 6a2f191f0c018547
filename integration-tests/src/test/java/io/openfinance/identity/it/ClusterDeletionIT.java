package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.ClusterExtension;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ProductionCluster;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * Two production nodes on one PostgreSQL database, each addressed directly: what one node deletes, connects or shortens
 * shows in the other's next data token, whatever either node keeps in memory about profiles and connections. Each test
 * first has the other node issue a token for the profile, so that anything it would cache is cached before the change.
 */
@ExtendWith(ClusterExtension.class)
class ClusterDeletionIT {

    private static final String DATA_SCOPE = "accounts:read";
    /** The longest a deletion on one node may take to stop tokens on the other (issue 23). */
    private static final Duration AT_ONCE = Duration.ofSeconds(1);

    private static ProductionCluster cluster;
    private static Partner partner;

    @BeforeAll
    static void twoNodes(ProductionCluster started) {
        cluster = started;
        partner = Partner.register(cluster, "Cluster Deletion Partner", Map.of());
    }

    @Test
    void aConnectionDeletedOnOneNodeIsNotInTheNextTokenOfTheOther() {
        String profile = newProfile();
        String deleted = Connect.ongoing(partner, profile, "alice");
        String kept = Connect.ongoing(partner, profile, "alice");
        assertEquals(Set.of(deleted, kept), Set.copyOf(coveredConnections(tokenOnNode(1, profile))), "node B before the deletion");

        Http.Answer deletion = Http.delete(usersUrl(0) + "/" + profile + "/connections/" + deleted, partnerTokenOnNode(0, "connection:delete"));
        assertEquals(204, deletion.status(), deletion.body());

        assertEquals(List.of(kept), coveredConnections(tokenOnNode(1, profile)), "node B's next token after node A deleted");
    }

    @Test
    void aProfileDeletedOnOneNodeGetsInvalidGrantOnTheOtherWithinOneSecond() throws InterruptedException {
        String profile = newProfile();
        Connect.ongoing(partner, profile, "alice");
        assertEquals(200, tokenOnNode(1, profile).status(), "node B before the deletion");

        Http.Answer deletion = Http.delete(usersUrl(0) + "/" + profile, partnerTokenOnNode(0, "user:delete"));
        assertEquals(204, deletion.status(), deletion.body());
        long deleted = System.nanoTime();

        Http.Answer answer = tokenOnNode(1, profile);
        while (answer.status() == 200 && System.nanoTime() - deleted < AT_ONCE.toNanos()) {
            Thread.sleep(50);
            answer = tokenOnNode(1, profile);
        }
        assertEquals(400, answer.status(), "node B still issued a token " + AT_ONCE + " after node A deleted the profile");
        assertEquals("invalid_grant", answer.json().get("error").asText(), answer.body());
    }

    @Test
    void aConnectionMadeThroughEitherNodeIsInTheNextTokenOfBoth() {
        String profile = newProfile();
        String first = Connect.ongoing(partner, profile, "alice");
        for (int node = 0; node < 2; node++) {
            assertEquals(List.of(first), coveredConnections(tokenOnNode(node, profile)), "node " + node + " before the second connection");
        }

        String second = Connect.ongoing(partner, profile, "alice");

        for (int node = 0; node < 2; node++) {
            assertEquals(Set.of(first, second), Set.copyOf(coveredConnections(tokenOnNode(node, profile))),
                    "node " + node + "'s next token after the second connection, made through one of the nodes");
        }
    }

    @Test
    void aConsentShortenedOnOneNodeEndsOnTheOtherAtTheNewEnd() throws InterruptedException {
        String profile = newProfile();
        String shortened = Connect.ongoing(partner, profile, "alice");
        String kept = Connect.ongoing(partner, profile, "alice");
        assertEquals(Set.of(shortened, kept), Set.copyOf(coveredConnections(tokenOnNode(1, profile))), "node B before the change");

        Instant newEnd = Instant.now().plusSeconds(2);
        Http.Answer change = Http.patchJson(usersUrl(0) + "/" + profile + "/connections/" + shortened,
                partnerTokenOnNode(0, "user:update"), "{\"expiresAt\": \"" + newEnd + "\"}");
        assertEquals(204, change.status(), change.body());
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), newEnd).toMillis() + 100));

        assertEquals(List.of(kept), coveredConnections(tokenOnNode(1, profile)), "node B's next token after the shortened consent ended");
    }

    private static String newProfile() {
        Http.Answer created = Http.postJson(usersUrl(0), partnerTokenOnNode(0, "user:create"), "{}");
        assertEquals(201, created.status(), created.body());
        return created.json().get("userId").asText();
    }

    /** {@code client_credentials} with {@code sub}, asked of one node directly. */
    private static Http.Answer tokenOnNode(int node, String profile) {
        return Http.postForm(realmUrl(node) + "/protocol/openid-connect/token", Map.of("grant_type", "client_credentials",
                "client_id", partner.clientId(), "client_secret", partner.secret(), "scope", DATA_SCOPE, "sub", profile));
    }

    @SuppressWarnings("unchecked")
    private static List<String> coveredConnections(Http.Answer token) {
        assertEquals(200, token.status(), token.body());
        return (List<String>) Partner.claimsOf(token.json().get("access_token").asText()).get("mh:con_ids");
    }

    private static String partnerTokenOnNode(int node, String scope) {
        Http.Answer token = Http.postForm(realmUrl(node) + "/protocol/openid-connect/token", Map.of("grant_type", "client_credentials",
                "client_id", partner.clientId(), "client_secret", partner.secret(), "scope", scope));
        assertEquals(200, token.status(), token.body());
        return token.json().get("access_token").asText();
    }

    private static String usersUrl(int node) {
        return realmUrl(node) + "/users";
    }

    private static String realmUrl(int node) {
        return cluster.node(node).direct().realmUrl(ServerSettings.IDENTITY_REALM);
    }
}
