package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.DistributionServer;
import io.openfinance.identity.it.harness.HeapDump;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ServerSettings;

/** Bank tokens and client secrets stay inside; what happens to connections is in Keycloak's event log. */
@ExtendWith(KeycloakExtension.class)
class SecretsAndAuditIT {

    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}");
    private static Partner partner;
    private static String profile;
    private static String connection;
    private static Partner.Tokens flowTokens;

    @BeforeAll
    static void aConnectionMadeCancelledAndDeleted(KeycloakServer server) {
        partner = Partner.register(server, "Audited Partner", Map.of());
        profile = partner.newProfile();
        Partner.Authorization authorization = partner.authorize("openid id:sandbox", Connect.ongoingClaims(profile), "signed");
        flowTokens = partner.exchange(authorization, Connect.agreeAndSignIn(authorization, "alice").partnerCallback());
        connection = (String) flowTokens.idToken().getClaim("mh:con_id");

        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        browser.submit(browser.open(partner.authorize("openid id:sandbox accounts:read", null, "query").url()),
                Map.of("decision", "cancel"));
    }

    @Test
    void noApiAnswerOrTokenCarriesABankToken() {
        String dataToken = partner.accessToken("accounts:read transactions:read:all", profile);
        List<String> answers = new ArrayList<>(List.of(
                Http.get(partner.realmUrl() + "/users/" + profile + "/connections", partner.accessToken("user:read", null)).body(),
                Http.get(partner.realmUrl() + "/users/" + profile, partner.accessToken("user:read", null)).body(),
                Http.get(partner.realmUrl() + "/data/accounts", dataToken).body()));
        answers.add(String.valueOf(flowTokens.accessTokenClaims()));
        answers.add(flowTokens.idToken().toJSONObject().toString());
        answers.add(String.valueOf(Partner.claimsOf(dataToken)));

        for (String answer : answers) {
            assertFalse(JWT.matcher(answer).find(), "a JWT inside: " + answer);
            assertFalse(answer.contains("access_token") || answer.contains("refresh_token"), answer);
        }
    }

    /**
     * Once the bank called back, the flow goes on in that request and the partner has its code: the bank's tokens are
     * in the store, sealed, and nowhere in the server's memory (not in the sessions Infinispan keeps and replicates). The
     * bank shares that memory here: the suite's server starts its request threads up front ({@link DistributionServer}).
     */
    @Test
    void noBankTokenIsInTheServersMemoryOnceTheBankCalledBack(KeycloakServer server, @TempDir Path scratch) {
        Assumptions.assumeTrue(HeapDump.isPossible(server), "the container path's JVM is inside the container");
        String newProfile = partner.newProfile();
        long flowStarted = Instant.now().getEpochSecond();
        Partner.Authorization authorization = partner.authorize("openid id:sandbox", Connect.ongoingClaims(newProfile), "signed");
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        HttpBrowser.Stop bank = browser.submit(browser.open(authorization.url()), Map.of("decision", "agree"));
        HttpBrowser.Stop back = browser.submit(bank, Map.of("username", "alice", "password", "alice-sandbox"));
        assertTrue(back.atPartner(), "the bank callback sends the browser to the partner: " + back.url());
        assertTrue(browser.visited().stream().anyMatch(url -> url.getPath().endsWith("/bank-callback")), browser.visited().toString());

        List<String> bankTokens = HeapDump.jwts(server, scratch, claims ->
                claims.path("iss").asText().endsWith("/realms/" + ServerSettings.SANDBOX_REALM)
                        && "identity-service".equals(claims.path("azp").asText())
                        && claims.path("iat").asLong() >= flowStarted);

        assertEquals(List.of(), bankTokens, "bank tokens of the flow in the server's memory");
        assertNotNull(partner.exchange(authorization, back.partnerCallback()).idToken().getClaim("mh:con_id"));
    }

    @Test
    void theServerLogHoldsNoSecretsOrTokens(KeycloakServer server) throws IOException {
        Assumptions.assumeTrue(server.logFile() != null, "the container path keeps its log inside the container");
        String log = Files.readString(server.logFile());

        assertFalse(log.contains(partner.secret()), "partner client secret in the log");
        assertFalse(log.contains("sandbox-bank-secret"), "bank client secret in the log");
        var jwt = JWT.matcher(log);
        assertFalse(jwt.find(), () -> "a JWT in the log: " + jwt.group());
    }

    @Test
    void connectionsMadeRefusedAndDeletedAreKeycloakEvents(KeycloakServer server) {
        Admin admin = new Admin(server);
        String events = "/realms/identity/events?client=" + Http.enc(partner.clientId()) + "&type=";

        JsonNode made = admin.get(events + "GRANT_CONSENT");
        assertTrue(hasDetail(made, "connection_id", connection), made.toString());
        JsonNode refused = admin.get(events + "GRANT_CONSENT_ERROR");
        assertTrue(refused.size() >= 1 && "consent_denied".equals(refused.get(0).get("error").asText()), refused.toString());

        assertEquals(204, Http.delete(partner.realmUrl() + "/users/" + profile + "/connections/" + connection,
                partner.accessToken("user:delete", null)).status());
        JsonNode deleted = admin.get(events + "REVOKE_GRANT");
        assertTrue(hasDetail(deleted, "connection_id", connection), deleted.toString());
        assertTrue(hasDetail(deleted, "bank_id", "sandbox"), deleted.toString());
    }

    private static boolean hasDetail(JsonNode events, String detail, String value) {
        for (JsonNode event : events) {
            if (value.equals(event.path("details").path(detail).asText())) {
                return true;
            }
        }
        return false;
    }
}
