package io.openfinance.identity.users;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.profile.ProfileSummary;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.store.BankConnection;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/** The JSON shapes of the users API. Bank tokens are not part of any of them. */
final class ProfileRepresentations {


    private ProfileRepresentations() {
    }

    /**
     * {@code scopes}: the data scopes the partner may get tokens for with this profile (its live connections').
     * {@code updatedAt}: the last change to what this object shows, a connection made or renewed included.
     * {@code userType}: {@code test} when every connection is to a test bank.
     */
    static Map<String, Object> user(KeycloakSession session, ProfileSummary profile, ClientModel partner,
                                    List<BankConnection> connections, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("userId", profile.id());
        json.put("clientUserId", profile.clientUserId());
        json.put("clientId", partner.getClientId());
        json.put("clientName", partner.getName() == null || partner.getName().isBlank() ? partner.getClientId() : partner.getName());
        json.put("createdAt", profile.createdAt().toString());
        json.put("updatedAt", connections.stream().flatMap(c -> Stream.of(c.createdAt(), c.consentedAt()))
                .reduce(profile.createdAt(), (a, b) -> a.isAfter(b) ? a : b).toString());
        json.put("scopes", connections.stream().filter(c -> c.isLive(now)).flatMap(c -> c.dataScopes().stream())
                .distinct().sorted().map(DataScope::scope).collect(Collectors.joining(" ")));
        json.put("managedBy", "client");
        json.put("lastAccessed", profile.lastAccessedAt() == null ? null : profile.lastAccessedAt().toString());
        boolean onlyTestBanks = !connections.isEmpty() && connections.stream().allMatch(c -> isTestBank(session, c.bankId()));
        json.put("userType", onlyTestBanks ? "test" : "live");
        json.put("connectionIds", connections.stream().map(BankConnection::id).toList());
        return json;
    }

    private static boolean isTestBank(KeycloakSession session, String bankId) {
        IdentityProviderModel bank = session.identityProviders().getByAlias(bankId);
        return bank != null && "test".equals(bank.getConfig().get(BankConfig.BANK_TYPE));
    }

    static Map<String, Object> connection(KeycloakSession session, BankConnection connection, Instant now) {
        IdentityProviderModel bank = session.identityProviders().getByAlias(connection.bankId());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", connection.id());
        json.put("bankId", connection.bankId());
        json.put("name", bank == null || bank.getDisplayName() == null ? connection.bankId() : bank.getDisplayName());
        json.put("type", isTestBank(session, connection.bankId()) ? "test" : "api");
        json.put("connectedOn", connection.createdAt().toString());
        json.put("lastUpdated", connection.lastReadAt() == null ? null : connection.lastReadAt().toString());
        json.put("expiresAt", connection.consentExpiresAt().toString());
        json.put("userConsentedAt", connection.consentedAt().toString());
        json.put("accountIds", connection.accountIds());
        json.put("status", connection.status());
        json.put("error", connection.error() == null ? null : connection.error().code());
        json.put("extendedStatus", !connection.isLive(now) ? "expired" : connection.lastReadAt() == null ? "never-synced" : null);
        return json;
    }
}
