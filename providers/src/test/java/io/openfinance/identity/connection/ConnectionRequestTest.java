package io.openfinance.identity.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.openfinance.identity.scope.DataScope;

class ConnectionRequestTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void oneTimeRequestReadsBankAndDataScopesAndDefaultsTheConsentToADay() {
        ConnectionRequest request = ConnectionRequest.parse("openid id:sandbox accounts:read transactions:read:in", null, NOW, ConsentPolicy.DEFAULT);

        assertEquals("sandbox", request.bankId());
        assertEquals(Set.of(DataScope.ACCOUNTS, DataScope.TRANSACTIONS_IN), request.requestedDataScopes());
        assertNull(request.profileId());
        assertEquals(ConnectionRequest.Mode.CONNECT, request.mode());
        assertEquals(NOW.plus(Duration.ofHours(24)), request.consentExpiresAt());
    }

    @Test
    void ongoingRequestDefaultsTheConsentTo90Days() {
        ConnectionRequest request = ConnectionRequest.parse("openid id:sandbox", "{\"id_token\":{\"sub\":{\"value\":\"u1\"}}}", NOW, ConsentPolicy.DEFAULT);

        assertEquals(NOW.plus(Duration.ofDays(90)), request.consentExpiresAt());
        assertTrue(request.requestedDataScopes().isEmpty());
    }

    @Test
    void lifecycleScopesNameTheModeAndNeedNoBankScope() {
        String claims = "{\"id_token\":{\"sub\":{\"value\":\"u1\"},\"mh:con_id\":{\"value\":\"c1\"}}}";

        assertEquals(ConnectionRequest.Mode.REAUTH, ConnectionRequest.parse("openid reauth", claims, NOW, ConsentPolicy.DEFAULT).mode());
        assertEquals(ConnectionRequest.Mode.RECONSENT, ConnectionRequest.parse("openid reconsent", claims, NOW, ConsentPolicy.DEFAULT).mode());
        ConnectionRequest refresh = ConnectionRequest.parse("openid refresh", claims, NOW, ConsentPolicy.DEFAULT);
        assertEquals(ConnectionRequest.Mode.REFRESH, refresh.mode());
        assertNull(refresh.bankId());
        assertNull(refresh.consentExpiresAt(), "a refresh keeps the consent");
        assertEquals(ConnectionRequest.Mode.REAUTH, ConnectionRequest.parse("openid id:sandbox", claims, NOW, ConsentPolicy.DEFAULT).mode());
    }

    @Test
    void consentPermissionsBecomeDataScopes() {
        String claims = """
                {"id_token": {"sub": {"value": "u1"}, "mh:consent": {"value": {"permissions":
                  ["ReadAccountsDetail", "ReadTransactionsDetail", "ReadTransactionsDebits", "ReadBeneficiariesDetail"]}}}}""";

        assertEquals(Set.of(DataScope.ACCOUNTS, DataScope.ACCOUNT_DETAILS, DataScope.TRANSACTIONS_OUT),
                ConnectionRequest.parse("openid id:sandbox", claims, NOW, ConsentPolicy.DEFAULT).requestedDataScopes());
    }

    @Test
    void ongoingRequestReadsSubConnectionAndConsentWindow() {
        String claims = """
                {"id_token": {"sub": {"value": "u1"}, "mh:con_id": {"essential": true, "value": "c1"},
                 "mh:consent": {"value": {"expirationDateTime": "2026-12-24T12:00:00Z",
                                          "transactionFromDateTime": "2026-01-01T00:00:00Z"}}}}""";
        ConnectionRequest request = ConnectionRequest.parse("openid id:sandbox", claims, NOW, ConsentPolicy.DEFAULT);

        assertEquals("u1", request.profileId());
        assertEquals("c1", request.existingConnectionId());
        assertEquals(Instant.parse("2026-12-24T12:00:00Z"), request.consentExpiresAt());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), request.transactionsFrom());
        assertTrue(request.forExistingProfile() && request.renewsConnection());
    }

    @Test
    void refusesWhatThePartnerContractDoesNotAllow() {
        assertError("invalid_scope", "openid", null);
        assertError("invalid_scope", "openid id:a id:b", null);
        assertError("invalid_scope", "openid id:a", null);
        assertError("invalid_request", "openid id:a accounts:read", "not json");
        assertError("invalid_request", "openid id:a accounts:read", "[1]");
        assertError("invalid_request", "openid id:a accounts:read", "{\"id_token\":{\"sub\":{\"value\":42}}}");
        assertError("invalid_request", "openid id:a accounts:read", "{\"id_token\":{\"mh:con_id\":{\"value\":\"c1\"}}}");
        assertError("invalid_request", "openid reauth", "{\"id_token\":{\"sub\":{\"value\":\"u1\"}}}");
        assertError("invalid_scope", "openid reauth refresh",
                "{\"id_token\":{\"sub\":{\"value\":\"u1\"},\"mh:con_id\":{\"value\":\"c1\"}}}");
        assertError("invalid_request", "openid id:a", "{\"id_token\":{\"sub\":{\"value\":\"u1\"},"
                + "\"mh:consent\":{\"value\":{\"permissions\":[\"ReadEverything\"]}}}}");
        assertError("invalid_request", "openid id:a", "{\"id_token\":{\"sub\":{\"value\":\"u1\"},"
                + "\"mh:consent\":{\"value\":{\"permissions\":\"ReadAccountsBasic\"}}}}");
        assertError("invalid_request", "openid id:a accounts:read",
                "{\"id_token\":{\"mh:consent\":{\"value\":{\"expirationDateTime\":\"2027-06-01T00:00:00Z\"}}}}");
        assertError("invalid_request", "openid id:a accounts:read",
                "{\"id_token\":{\"mh:consent\":{\"value\":{\"expirationDateTime\":\"2026-11-01T00:00:00Z\"}}}}");
        assertError("invalid_request", "openid id:a accounts:read",
                "{\"id_token\":{\"mh:consent\":{\"value\":{\"expirationDateTime\":\"tomorrow\"}}}}");
    }

    @Test
    void theConsentPolicyBoundsTheExpiry() {
        ConsentPolicy shortPolicy = new ConsentPolicy(Duration.ofDays(30), Duration.ofHours(1), Duration.ofHours(1));
        assertEquals(NOW.plus(Duration.ofHours(1)), ConnectionRequest.parse("openid id:a accounts:read", null, NOW, shortPolicy).consentExpiresAt());
        String sixtyDays = "{\"id_token\":{\"mh:consent\":{\"value\":{\"expirationDateTime\":\"2027-01-23T12:00:00Z\"}}}}";
        assertThrows(InvalidConnectionRequest.class, () -> ConnectionRequest.parse("openid id:a accounts:read", sixtyDays, NOW, shortPolicy));
        assertEquals(Instant.parse("2027-01-23T12:00:00Z"),
                ConnectionRequest.parse("openid id:a accounts:read", sixtyDays, NOW, ConsentPolicy.DEFAULT).consentExpiresAt());
    }

    private static void assertError(String error, String scope, String claims) {
        InvalidConnectionRequest e = assertThrows(InvalidConnectionRequest.class, () -> ConnectionRequest.parse(scope, claims, NOW, ConsentPolicy.DEFAULT));
        assertEquals(error, e.error(), e.getMessage());
    }
}
