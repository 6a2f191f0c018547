package io.openfinance.identity.users;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.openfinance.identity.profile.Profile;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.store.BankConnection;

/** The JSON shapes of the users API. Bank tokens are not part of any of them. */
final class ProfileRepresentations {

    private ProfileRepresentations() {
    }

    static Map<String, Object> profile(Profile profile) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("userId", profile.id());
        json.put("clientUserId", profile.clientUserId());
        json.put("createdAt", profile.createdAt().toString());
        return json;
    }

    static Map<String, Object> connection(BankConnection connection, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", connection.id());
        json.put("bankId", connection.bankId());
        json.put("status", connection.status(now));
        json.put("createdAt", connection.createdAt().toString());
        json.put("expiresAt", connection.consentExpiresAt().toString());
        json.put("scopes", connection.dataScopes().stream().map(DataScope::scope).toList());
        return json;
    }

    static Map<String, Object> page(List<Map<String, Object>> users, int limit, int offset) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("users", users);
        json.put("limit", limit);
        json.put("offset", offset);
        return json;
    }
}
