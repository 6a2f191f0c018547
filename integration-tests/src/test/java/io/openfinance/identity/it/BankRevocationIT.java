package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.RevocationFront;
import io.openfinance.identity.it.harness.RevocationFront.Revocation;
import io.openfinance.identity.it.harness.ServerSettings;
import io.openfinance.identity.it.harness.Waiting;

/**
 * A partner's deletion of a connection or a profile never calls the bank: it queues the revocation of the bank's
 * tokens, which one node tells the bank afterwards, again and again while the bank is down or busy, never again once
 * it refuses. The bank here is the sandbox bank reached through a {@link RevocationFront} that can be slow, down, busy
 * or refusing; behind it, the sandbox bank's own RFC 7009 revocation endpoint, whose introspection then finds the
 * tokens inactive.
 */
@ExtendWith(KeycloakExtension.class)
class BankRevocationIT {

    private static KeycloakServer server;
    private static Partner partner;
    private static String sandbox;
    private RevocationFront bank;
    private String bankId;

    @BeforeAll
    static void start(KeycloakServer started) {
        server = started;
        partner = Partner.register(server, "Revoking Partner", Map.of());
        sandbox = server.realmUrl(ServerSettings.SANDBOX_REALM);
    }

    @BeforeEach
    void aBankWithARevocationEndpoint() {
        bank = new RevocationFront(server);
        bankId = "revoking-" + UUID.randomUUID().toString().substring(0, 8);
        bank.addBank(server, bankId);
    }

    @AfterEach
    void closeTheBank() {
        bank.close();
    }

    @Test
    void deletingAConnectionDoesNotWaitForASlowBankWhichThenGetsBothTokens() {
        bank.delay(Duration.ofSeconds(3));
        String profile = partner.newProfile();
        String connection = connect(profile);

        Instant asked = Instant.now();
        Http.Answer deleted = Http.delete(partner.realmUrl() + "/users/" + profile + "/connections/" + connection,
                partner.accessToken("connection:delete", null));
        int reachedTheBank = bank.arrived();

        assertEquals(204, deleted.status(), deleted.body());
        assertEquals(0, reachedTheBank, "the partner's request reached the bank");
        assertTrue(Duration.between(asked, Instant.now()).compareTo(Duration.ofSeconds(3)) < 0, "the deletion waited for the bank");
        List<Revocation> revoked = bank.await(all -> RevocationFront.answered(all, 200) == 2, "both tokens revoked");
        assertBothTokensOfTheSandboxBankRevoked(sandbox, revoked);
    }

    @Test
    void aBankThatIsDownOrBusyWhenAProfileIsDeletedIsAskedOnceARoundUntilItTakesTheRevocations() {
        String profile = partner.newProfile();
        for (int i = 0; i < 3; i++) {
            connect(profile);
        }
        bank.failNext(503, 429);

        Http.Answer deleted = Http.delete(partner.realmUrl() + "/users/" + profile, partner.accessToken("user:delete", null));

        assertEquals(204, deleted.status(), deleted.body());
        List<Revocation> revoked = bank.await(all -> RevocationFront.answered(all, 200) == 6, "the revocations after the bank came back");
        assertEquals(List.of(503, 429, 200, 200, 200, 200, 200, 200), revoked.stream().map(Revocation::answered).toList());
        for (int i = 1; i < 3; i++) {
            assertTrue(revoked.get(i).at().isAfter(revoked.get(i - 1).at().plusSeconds(1)),
                    "asked again in the round the bank did not answer, or at once, not later: " + revoked);
        }
        for (int i = 2; i < 8; i += 2) {
            assertBothTokensOfTheSandboxBankRevoked(sandbox, revoked.subList(i, i + 2));
        }
    }

    @Test
    void aBankThatRefusesTheRevocationIsNotAskedAgain() {
        String profile = partner.newProfile();
        String connection = connect(profile);
        bank.failNext(400);

        Http.Answer deleted = Http.delete(partner.realmUrl() + "/users/" + profile + "/connections/" + connection,
                partner.accessToken("connection:delete", null));

        assertEquals(204, deleted.status(), deleted.body());
        bank.await(all -> !all.isEmpty(), "the revocation");
        Waiting.sleep(Duration.ofSeconds(4));
        assertEquals(1, bank.arrived(), "asked again after its refusal (a retry is due 2 s after a failure)");
    }

    private String connect(String profile) {
        return Connect.ongoing(partner, bankId, profile, "alice", null);
    }

    /** Our client's credentials, the refresh token first, and each token one the sandbox bank now finds inactive. */
    private static void assertBothTokensOfTheSandboxBankRevoked(String sandbox, List<Revocation> revoked) {
        assertEquals(List.of("refresh_token", "access_token"), revoked.stream().map(r -> r.form().get("token_type_hint")).toList());
        String credentials = "Basic " + Base64.getEncoder().encodeToString("identity-service:sandbox-bank-secret".getBytes(StandardCharsets.UTF_8));
        for (Revocation revocation : revoked) {
            assertEquals(credentials, revocation.authorization());
            String token = revocation.form().get("token");
            assertEquals(sandbox, Partner.claimsOf(token).get("iss"), "a token the sandbox bank issued");
            Http.Answer introspected = Http.postForm(sandbox + "/protocol/openid-connect/token/introspect",
                    Map.of("token", token, "client_id", "identity-service", "client_secret", "sandbox-bank-secret"));
            assertEquals(200, introspected.status(), introspected.body());
            assertEquals(false, introspected.json().get("active").asBoolean(), revocation.form().get("token_type_hint") + " still active");
        }
    }

}
