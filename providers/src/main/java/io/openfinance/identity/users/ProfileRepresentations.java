package io.openfinance.identity.users;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.profile.ProfileSummary;
import io.openfinance.identity.store.BankConnection;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/** The JSON shapes of the users API. Bank tokens are not part of any of them. */
final class ProfileRepresentations {


    private ProfileRepresentations() {
    }

    static Map<String, Object> user(ProfileSummary profile, ClientModel partner, List<String> connectionIds) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("userId", profile.id());
        json.put("clientUserId", profile.clientUserId());
        json.put("clientId", partner.getClientId());
        json.put("createdAt", profile.createdAt().toString());
        json.put("connectionIds", connectionIds);
        return json;
    }

    static Map<String, Object> connection(KeycloakSession session, BankConnection connection, Instant now) {
        IdentityProviderModel bank = session.identityProviders().getByAlias(connection.bankId());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", connection.id());
        json.put("bankId", connection.bankId());
        json.put("name", bank == null || bank.getDisplayName() == null ? connection.bankId() : bank.getDisplayName());
        json.put("type", bank == null ? "api" : "test".equals(bank.getConfig().get(BankConfig.BANK_TYPE)) ? "test" : "api");
        json.put("connectedOn", connection.createdAt().toString());
        json.put("lastUpdated", connection.lastReadAt() == null ? null : connection.lastReadAt().toString());
        json.put("expiresAt", connection.consentExpiresAt().toString());
        json.put("userConsentedAt", connection.consentedAt().toString());
        json.put("accountIds", connection.accountIds());
        json.put("status", connection.status());
        json.put("error", connection.error() == null ? null : connection.error().code());
        json.put("extendedStatus", connection.isLive(now) ? null : "expired");
        return json;
    }
}
