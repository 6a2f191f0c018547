package io.openfinance.identity.connection;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.scope.ScopeParameter;

/**
 * What a partner's authorization request asks of a connection, read from the {@code scope} and
 * {@code claims} parameters exactly as Keycloak accepted them (from the query or a verified request object).
 */
public record ConnectionRequest(String bankId, Set<DataScope> requestedDataScopes, String profileId,
                                String existingConnectionId, Instant consentExpiresAt, Instant transactionsFrom) {

    public static final Duration MAX_CONSENT = Duration.ofDays(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws InvalidConnectionRequest with the OAuth error code to send back to the partner */
    public static ConnectionRequest parse(String scope, String claims, Instant now) {
        ScopeParameter scopes = ScopeParameter.parse(scope);
        List<String> banks = scopes.bankIds();
        if (banks.size() != 1) {
            throw new InvalidConnectionRequest("invalid_scope", "Exactly one id:<bankId> scope is required");
        }
        JsonNode idToken = idTokenClaims(claims);
        JsonNode sub = idToken.path("sub").path("value");
        if (!sub.isMissingNode() && !sub.isTextual()) {
            throw new InvalidConnectionRequest("invalid_request", "claims.id_token.sub.value must be a string");
        }
        if (sub.isMissingNode() && scopes.dataScopes().isEmpty()) {
            throw new InvalidConnectionRequest("invalid_scope", "One-time access needs at least one data scope");
        }
        JsonNode connection = idToken.path("mh:con_id").path("value");
        if (!connection.isMissingNode() && (!connection.isTextual() || !sub.isTextual())) {
            throw new InvalidConnectionRequest("invalid_request", "mh:con_id value needs a string value and a sub value");
        }
        JsonNode consent = idToken.path("mh:consent").path("value");
        Instant expiresAt = instant(consent.path("expirationDateTime"), "expirationDateTime");
        Instant maxExpiry = now.plus(MAX_CONSENT);
        if (expiresAt == null) {
            expiresAt = maxExpiry;
        } else if (!expiresAt.isAfter(now) || expiresAt.isAfter(maxExpiry)) {
            throw new InvalidConnectionRequest("invalid_request", "mh:consent expirationDateTime must be in the next 90 days");
        }
        Instant transactionsFrom = instant(consent.path("transactionFromDateTime"), "transactionFromDateTime");
        return new ConnectionRequest(banks.get(0), scopes.dataScopes(), sub.isTextual() ? sub.asText() : null,
                connection.isTextual() ? connection.asText() : null, expiresAt, transactionsFrom);
    }

    public boolean forExistingProfile() {
        return profileId != null;
    }

    /** Re-authorisation: the flow renews this connection instead of making a new one. */
    public boolean renewsConnection() {
        return existingConnectionId != null;
    }

    private static JsonNode idTokenClaims(String claims) {
        if (claims == null || claims.isBlank()) {
            return JSON.missingNode();
        }
        try {
            JsonNode json = JSON.readTree(claims);
            if (json == null || !json.isObject()) {
                throw new InvalidConnectionRequest("invalid_request", "claims must be a JSON object");
            }
            return json.path("id_token");
        } catch (JsonProcessingException e) {
            throw new InvalidConnectionRequest("invalid_request", "claims is not valid JSON");
        }
    }

    private static Instant instant(JsonNode node, String name) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new InvalidConnectionRequest("invalid_request", "mh:consent " + name + " must be an ISO-8601 instant");
        }
    }
}
