package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.openfinance.identity.it.harness.OAuthAssertions.assertTokenError;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Paging;
import io.openfinance.identity.it.harness.Partner;

/** Partners share one service: one partner's profiles, and one profile's data, are out of everyone else's reach. */
@ExtendWith(KeycloakExtension.class)
class TenantIsolationIT {

    private static final String NO_SUCH_PROFILE = "00000000-0000-0000-0000-000000000000";
    private static Partner partnerA;
    private static Partner partnerB;
    private static String base;
    private static String profileOfA;

    @BeforeAll
    static void twoPartnersAndAConnectedProfile(KeycloakServer server) {
        partnerA = Partner.register(server, "Partner A", Map.of());
        partnerB = Partner.register(server, "Partner B", Map.of());
        base = partnerA.realmUrl();
        profileOfA = connectedProfile(partnerA, "alice");
    }

    @Test
    void anotherPartnersProfileGivesNoTokenInClientCredentials() {
        assertTokenError(partnerB.clientCredentials("accounts:read", profileOfA), "invalid_grant");
    }

    @Test
    void anotherPartnersProfileIsRefusedInTheAuthorizationRequest() {
        Partner.Authorization authorization = partnerB.authorize("openid id:sandbox", Connect.ongoingClaims(profileOfA), "signed");
        HttpBrowser.Stop stop = new HttpBrowser(Partner.REDIRECT_URI).open(authorization.url());
        assertTrue(stop.atPartner() && stop.partnerCallback().getQuery().contains("error=invalid_request"),
                "expected invalid_request before any page, got " + stop.url());
    }

    @Test
    void anotherPartnersProfileLooksExactlyLikeAMissingOneInEveryUsersVerb() {
        String token = partnerB.accessToken("user:read user:delete", null);
        for (String path : List.of("/users/%s", "/users/%s/connections")) {
            assertSameAnswer(Http.get(base + path.formatted(profileOfA), token), Http.get(base + path.formatted(NO_SUCH_PROFILE), token));
        }
        for (String path : List.of("/users/%s/connections/x", "/users/%s/connection/x", "/users/%s")) {
            assertSameAnswer(Http.delete(base + path.formatted(profileOfA), token), Http.delete(base + path.formatted(NO_SUCH_PROFILE), token));
        }
        assertEquals(200, Http.get(base + "/users/" + profileOfA, partnerA.accessToken("user:read", null)).status(),
                "the profile is still there for its owner");
    }

    @Test
    void anotherPartnersProfileTakesNoLongerToRefuseThanAMissingOne() {
        String token = partnerB.accessToken("user:read", null);
        Supplier<Http.Answer> foreign = () -> Http.get(base + "/users/" + profileOfA, token);
        Supplier<Http.Answer> missing = () -> Http.get(base + "/users/" + NO_SUCH_PROFILE, token);
        meanMillis(foreign, 5);
        meanMillis(missing, 5);
        double foreignMean = meanMillis(foreign, 20);
        double missingMean = meanMillis(missing, 20);
        assertTrue(Math.abs(foreignMean - missingMean) < 50 + 0.5 * Math.min(foreignMean, missingMean),
                "foreign " + foreignMean + " ms vs missing " + missingMean + " ms");
    }

    @Test
    void followingNextWalksEveryOwnProfileOnceAndNoOtherPartners(KeycloakServer server) {
        Partner own = Partner.register(server, "Paging Partner C", Map.of());
        Partner other = Partner.register(server, "Paging Partner D", Map.of());
        List<String> ownProfiles = new ArrayList<>();
        List<String> otherProfiles = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ownProfiles.add(own.newProfile());
            otherProfiles.add(other.newProfile());
        }
        String read = own.accessToken("user:read", null);

        List<String> seen = userIds(Paging.all(base + "/users?limit=3", read, page -> {
            if (ownProfiles.size() == 7) {
                ownProfiles.add(own.newProfile());
            }
        }));

        assertEquals(ownProfiles.size(), seen.size(), "no profile twice: " + seen);
        assertEquals(Set.copyOf(ownProfiles), Set.copyOf(seen), "every own profile, the one made while paging too, and no other");
        String foreignNext = Http.get(base + "/users?limit=2", other.accessToken("user:read", null)).json().get("links").get("next").asText();
        List<String> afterForeignCursor = userIds(Paging.all(foreignNext, read));
        assertFalse(afterForeignCursor.isEmpty());
        assertTrue(ownProfiles.containsAll(afterForeignCursor), "another partner's cursor only places the caller in its own list");
        assertTrue(otherProfiles.stream().noneMatch(afterForeignCursor::contains));
    }

    @Test
    void aDataTokenReadsOnlyItsOwnProfilesAccounts() {
        String profileX = connectedProfile(partnerA, "alice");
        String profileY = connectedProfile(partnerA, "bob");
        String tokenOfX = partnerA.accessToken("accounts:read transactions:read:all", profileX);
        String accountOfY = Http.get(base + "/data/accounts", partnerA.accessToken("accounts:read", profileY)).json()
                .get("data").get(0).get("id").asText();

        assertEquals(404, Http.get(base + "/data/accounts/" + Http.enc(accountOfY), tokenOfX).status());
        assertEquals(404, Http.get(base + "/data/transactions?accountId=" + Http.enc(accountOfY), tokenOfX).status());
    }

    @Test
    void eachDataCallNeedsItsScopeAndAProfileToken() {
        String profile = connectedProfile(partnerA, "alice");
        String accountsOnly = partnerA.accessToken("accounts:read", profile);
        String account = Http.get(base + "/data/accounts", accountsOnly).json().get("data").get(0).get("id").asText();

        assertEquals(403, Http.get(base + "/data/transactions?accountId=" + Http.enc(account), accountsOnly).status());
        assertEquals(403, Http.get(base + "/data/accounts", partnerA.accessToken("user:read", null)).status(),
                "a partner token is not a data token");
        assertEquals(401, Http.get(base + "/data/accounts", null).status());
        assertEquals(401, Http.get(base + "/data/accounts", accountsOnly + "x").status());
        assertEquals(403, Http.get(base + "/users", accountsOnly).status(), "a data token is not a partner token");
        assertTokenError(partnerA.clientCredentials("user:create", profile), "invalid_scope");
    }

    @Test
    void deletedConnectionsAndProfilesGiveNoData() {
        String profile = connectedProfile(partnerA, "alice");
        String partnerToken = partnerA.accessToken("user:read user:delete", null);
        String dataToken = partnerA.accessToken("accounts:read", profile);
        String connection = Http.get(base + "/users/" + profile + "/connections", partnerToken).json().get("data").get(0).get("id").asText();

        assertEquals(204, Http.delete(base + "/users/" + profile + "/connections/" + connection, partnerToken).status());
        assertTrue(Http.get(base + "/data/accounts", dataToken).json().get("data").isEmpty());
        assertTokenError(partnerA.clientCredentials("accounts:read", profile), "invalid_grant");

        assertEquals(204, Http.delete(base + "/users/" + profile, partnerToken).status());
        assertEquals(404, Http.get(base + "/users/" + profile, partnerToken).status());
        assertEquals(401, Http.get(base + "/data/accounts", dataToken).status(), "the profile's tokens died with it");
    }

    @Test
    void anExpiredConsentGivesNoData() throws InterruptedException {
        String profile = partnerA.newProfile();
        Instant expires = Instant.now().plusSeconds(8);
        String claims = "{\"id_token\":{\"sub\":{\"value\":\"" + profile + "\"},\"mh:consent\":{\"value\":{\"expirationDateTime\":\""
                + expires + "\"}}}}";
        Partner.Authorization authorization = partnerA.authorize("openid id:sandbox", claims, "signed");
        partnerA.exchange(authorization, Connect.agreeAndSignIn(authorization, "alice").partnerCallback());
        String dataToken = partnerA.accessToken("accounts:read", profile);
        assertFalse(Http.get(base + "/data/accounts", dataToken).json().get("data").isEmpty());

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 1_000);

        assertTrue(Http.get(base + "/data/accounts", dataToken).json().get("data").isEmpty());
        assertTokenError(partnerA.clientCredentials("accounts:read", profile), "invalid_grant");
        JsonNode connection = Http.get(base + "/users/" + profile + "/connections", partnerA.accessToken("user:read", null)).json().get("data").get(0);
        assertEquals("expired", connection.get("extendedStatus").asText());
    }

    private static List<String> userIds(List<JsonNode> users) {
        return users.stream().map(user -> user.get("userId").asText()).toList();
    }

    private static String connectedProfile(Partner partner, String customer) {
        String profile = partner.newProfile();
        Connect.ongoing(partner, profile, customer);
        return profile;
    }

    private static void assertSameAnswer(Http.Answer foreign, Http.Answer missing) {
        assertEquals(404, foreign.status(), foreign.body());
        assertEquals(missing.status(), foreign.status());
        assertEquals(withoutCorrelationId(missing), withoutCorrelationId(foreign), "only the correlation id differs");
    }

    private static JsonNode withoutCorrelationId(Http.Answer answer) {
        ObjectNode body = (ObjectNode) answer.json();
        body.remove("correlationId");
        return body;
    }

    private static double meanMillis(Supplier<Http.Answer> call, int times) {
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            call.get();
        }
        return (System.nanoTime() - start) / 1e6 / times;
    }
}
