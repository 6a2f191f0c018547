package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.FirstSync;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Metrics;
import io.openfinance.identity.it.harness.Partner;

/** What an operator watches on the management port moves with what partners do. */
@ExtendWith(KeycloakExtension.class)
class MetricsIT {

    @Test
    void aFlowAndADataReadMoveOurCounters(KeycloakServer server) {
        assertNotNull(server.managementUrl(), "the suite's server exposes its management interface");
        Partner partner = Partner.register(server, "Metrics Partner", Map.of());
        String userId = partner.newProfile();
        double made = Metrics.sum(server, "of_connections_total", "bank=\"sandbox\"", "outcome=\"made\"");
        double tokens = Metrics.sum(server, "of_profile_tokens_total", "grant=\"client_credentials\"");
        double reads = Metrics.sum(server, "of_data_api_requests_total", "outcome=\"ok\"");
        double bankCalls = Metrics.sum(server, "of_bank_call_seconds_count", "bank=\"sandbox\"", "call=\"data\"", "outcome=\"ok\"");
        double bankExchanges = Metrics.sum(server, "of_bank_http_seconds_count", "bank=\"sandbox\"");
        double bankWait = Metrics.sum(server, "of_bank_http_seconds_sum", "bank=\"sandbox\"");
        double firstSyncWaits = Metrics.sum(server, "of_first_sync_wait_seconds_count", "bank=\"sandbox\"");
        double firstSyncWaited = Metrics.sum(server, "of_first_sync_wait_seconds_sum", "bank=\"sandbox\"");

        Connect.ongoing(partner, userId, "alice");
        assertEquals(200, Http.get(partner.realmUrl() + "/data/accounts", partner.accessToken("accounts:read", userId)).status());

        assertEquals(made + 1, Metrics.sum(server, "of_connections_total", "bank=\"sandbox\"", "outcome=\"made\""));
        assertEquals(tokens + 1, Metrics.sum(server, "of_profile_tokens_total", "grant=\"client_credentials\""));
        assertEquals(reads + 1, Metrics.sum(server, "of_data_api_requests_total", "outcome=\"ok\""));
        assertTrue(Metrics.sum(server, "of_bank_call_seconds_count", "bank=\"sandbox\"", "call=\"data\"", "outcome=\"ok\"") > bankCalls);
        assertTrue(Metrics.sum(server, "of_bank_http_seconds_count", "bank=\"sandbox\"") >= bankExchanges + 3,
                "the bank's token endpoint, its accounts and at least one account's transactions were timed");
        assertTrue(Metrics.sum(server, "of_bank_http_seconds_sum", "bank=\"sandbox\"") > bankWait, "the waits on the bank add up");
        assertEquals(firstSyncWaits + 1, Metrics.sum(server, "of_first_sync_wait_seconds_count", "bank=\"sandbox\""),
                "the redirect waited once for the connection's first sync");
        assertTrue(Metrics.sum(server, "of_first_sync_wait_seconds_sum", "bank=\"sandbox\"") > firstSyncWaited);
    }

    @Test
    void theBankTokensAndStoredDataOfAConsentThatEndedAreErased(KeycloakServer server) throws InterruptedException {
        Partner partner = Partner.register(server, "Short Consent Partner", Map.of());
        String userId = partner.newProfile();
        double erased = Metrics.sum(server, "of_bank_tokens_erased_total");
        String claims = "{\"id_token\":{\"sub\":{\"value\":\"" + userId + "\"},\"mh:consent\":{\"value\":{\"expirationDateTime\":\""
                + Instant.now().plusSeconds(20) + "\"}}}}";
        Partner.Authorization authorization = partner.authorize("openid id:sandbox", claims, "signed");
        String connectionId = (String) partner.exchange(authorization, Connect.agreeAndSignIn(authorization, "alice").partnerCallback())
                .idToken().getClaim("mh:con_id");
        FirstSync.await(partner, userId, connectionId);
        String syncs = partner.realmUrl() + "/users/" + userId + "/connections/" + connectionId + "/syncs";
        assertEquals(1, Http.get(syncs, partner.accessToken("user:read", null)).json().get("data").size(), "the first sync is stored");

        Instant deadline = Instant.now().plusSeconds(60);
        while (Metrics.sum(server, "of_bank_tokens_erased_total") <= erased && Instant.now().isBefore(deadline)) {
            Thread.sleep(1_000);
        }
        assertTrue(Metrics.sum(server, "of_bank_tokens_erased_total") > erased, "the sweep erased the ended consent's bank tokens");
        JsonNode connection = Http.get(partner.realmUrl() + "/users/" + userId + "/connections",
                partner.accessToken("user:read", null)).json().get("data").get(0);
        assertEquals("expired", connection.get("extendedStatus").asText(), "the connection itself stays, expired");
        assertEquals(0, Http.get(syncs, partner.accessToken("user:read", null)).json().get("data").size(),
                "with no retention set, the stored bank data went with the consent");
    }
}
