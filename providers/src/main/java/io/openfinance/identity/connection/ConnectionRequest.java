package io.openfinance.identity.connection;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.openfinance.identity.scope.ConsentPermissions;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.scope.ScopeParameter;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.Consent;
import org.keycloak.models.ClientModel;

/**
 * What a partner's authorization request asks of a connection, read from the {@code scope} and
 * {@code claims} parameters exactly as Keycloak accepted them (from the query or a verified request object).
 *
 * @param bankId              the bank of {@code id:<bankId>}; null when a lifecycle request leaves it to the connection
 * @param requestedDataScopes from data scopes and {@code mh:consent} permissions; empty: all the partner may have
 * @param consentExpiresAt    null when the consent stays as it is ({@link Mode#REFRESH})
 */
public record ConnectionRequest(Mode mode, String bankId, Set<DataScope> requestedDataScopes, String profileId,
                                String existingConnectionId, Instant consentExpiresAt, Instant transactionsFrom) {

    /** What the flow does: a new connection, or one of the three lifecycle requests on an existing one. */
    public enum Mode {
        /** A new connection: consent, then the bank. */
        CONNECT(null),
        /** Same connection: consent and the bank again, fresh tokens and consent. */
        REAUTH("reauth"),
        /** Same connection: consent page only, a new consent; the bank is not involved. */
        RECONSENT("reconsent"),
        /** Same connection and consent: the bank again for fresh tokens. */
        REFRESH("refresh");

        private final String scope;

        Mode(String scope) {
            this.scope = scope;
        }

        public String scope() {
            return scope;
        }

        public boolean asksTheBank() {
            return this != RECONSENT;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws InvalidConnectionRequest with the OAuth error code to send back to the partner */
    public static ConnectionRequest parse(String scope, String claims, Instant now, ConsentPolicy policy) {
        ScopeParameter scopes = ScopeParameter.parse(scope);
        JsonNode idToken = idTokenClaims(claims);
        String sub = textValue(idToken, "sub");
        String connection = textValue(idToken, "mh:con_id");
        Mode mode = mode(scopes, connection);
        List<String> banks = scopes.bankIds();
        if (banks.size() > 1 || (banks.isEmpty() && mode == Mode.CONNECT)) {
            throw new InvalidConnectionRequest("invalid_scope", "Exactly one id:<bankId> scope is required");
        }
        if (connection != null && sub == null) {
            throw new InvalidConnectionRequest("invalid_request", "mh:con_id value needs a sub value");
        }
        if (mode != Mode.CONNECT && connection == null) {
            throw new InvalidConnectionRequest("invalid_request", mode.scope() + " needs sub and mh:con_id values");
        }
        JsonNode consent = idToken.path("mh:consent").path("value");
        Set<DataScope> requested = EnumSet.noneOf(DataScope.class);
        requested.addAll(scopes.dataScopes());
        requested.addAll(permissions(consent.path("permissions")));
        if (sub == null && requested.isEmpty()) {
            throw new InvalidConnectionRequest("invalid_scope", "One-time access needs at least one data scope");
        }
        Instant expiresAt = mode == Mode.REFRESH ? null
                : consentExpiry(instant(consent.path("expirationDateTime"), "expirationDateTime"), sub == null, now, policy);
        return new ConnectionRequest(mode, banks.isEmpty() ? null : banks.get(0), requested, sub, connection, expiresAt,
                instant(consent.path("transactionFromDateTime"), "transactionFromDateTime"));
    }

    public boolean forExistingProfile() {
        return profileId != null;
    }

    /** The flow renews this connection instead of making a new one. */
    public boolean renewsConnection() {
        return existingConnectionId != null;
    }

    /**
     * What the user consents to: the data scopes asked for; when none are named, the renewed connection's,
     * or for a new one all the partner may have. Null for a refresh, which keeps the consent as it is.
     */
    Consent consent(ClientModel client, BankConnection existing) {
        if (mode == ConnectionRequest.Mode.REFRESH) {
            return null;
        }
        Set<DataScope> allowed = dataScopesOf(client);
        Set<DataScope> scopes = !requestedDataScopes.isEmpty() ? requestedDataScopes
                : existing != null ? existing.dataScopes() : allowed;
        if (!allowed.containsAll(scopes) || scopes.isEmpty()) {
            throw new InvalidConnectionRequest("invalid_scope", "The partner may not ask for these data permissions");
        }
        return new Consent(scopes, consentExpiresAt, transactionsFrom);
    }

    private static Set<DataScope> dataScopesOf(ClientModel client) {
        return Stream.concat(client.getClientScopes(true).keySet().stream(), client.getClientScopes(false).keySet().stream())
                .flatMap(name -> DataScope.fromScope(name).stream())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DataScope.class)));
    }

    private static Mode mode(ScopeParameter scopes, String connection) {
        List<Mode> lifecycle = EnumSet.complementOf(EnumSet.of(Mode.CONNECT)).stream()
                .filter(m -> scopes.contains(m.scope())).toList();
        if (lifecycle.size() > 1) {
            throw new InvalidConnectionRequest("invalid_scope", "At most one of reauth, reconsent, refresh");
        }
        if (!lifecycle.isEmpty()) {
            return lifecycle.get(0);
        }
        return connection == null ? Mode.CONNECT : Mode.REAUTH;
    }

    /** Partner-chosen within the maximum; else the one-time consent for one-time access and the maximum for ongoing access. */
    private static Instant consentExpiry(Instant asked, boolean oneTime, Instant now, ConsentPolicy policy) {
        Instant max = now.plus(policy.maxConsent());
        if (asked == null) {
            return oneTime ? now.plus(policy.oneTimeConsent()) : max;
        }
        if (!asked.isAfter(now) || asked.isAfter(max)) {
            throw new InvalidConnectionRequest("invalid_request",
                    "mh:consent expirationDateTime must be in the next " + policy.maxConsent().toDays() + " days");
        }
        return asked;
    }

    private static Set<DataScope> permissions(JsonNode permissions) {
        if (permissions.isMissingNode() || permissions.isNull()) {
            return Set.of();
        }
        if (!permissions.isArray()) {
            throw new InvalidConnectionRequest("invalid_request", "mh:consent permissions must be an array of strings");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode permission : permissions) {
            if (!permission.isTextual()) {
                throw new InvalidConnectionRequest("invalid_request", "mh:consent permissions must be an array of strings");
            }
            names.add(permission.asText());
        }
        try {
            return ConsentPermissions.toDataScopes(names);
        } catch (IllegalArgumentException e) {
            throw new InvalidConnectionRequest("invalid_request", e.getMessage());
        }
    }

    private static String textValue(JsonNode idToken, String claim) {
        JsonNode value = idToken.path(claim).path("value");
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidConnectionRequest("invalid_request", "claims.id_token." + claim + ".value must be a string");
        }
        return value.asText();
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
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(node.asText(), Instant::from);
        } catch (DateTimeParseException e) {
            throw new InvalidConnectionRequest("invalid_request", "mh:consent " + name + " must be an ISO-8601 instant");
        }
    }
}
