package io.openfinance.identity.bank;

import java.util.Map;
import java.util.Optional;

import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

/**
 * A bank, configured by an admin as an OpenID Connect identity provider whose alias is the bank id
 * (as in the scope {@code id:<bankId>}). We read its endpoints and client credentials and run the
 * OAuth exchange ourselves, because a connection is not a login: the user stays the partner's profile.
 * The one setting an identity provider lacks, the bank's data API root, is the config key {@value #DATA_API_URL}.
 */
public record Bank(String id, String displayName, String authorizationUrl, String tokenUrl, String clientId,
                   String clientSecret, String scopes, String dataApiUrl) {

    public static final String DATA_API_URL = "dataApiUrl";

    /** The enabled bank with this id. */
    public static Optional<Bank> find(KeycloakSession session, String bankId) {
        return configured(session, bankId).filter(IdentityProviderModel::isEnabled).map(model -> {
            Map<String, String> config = model.getConfig();
            return new Bank(model.getAlias(), displayName(model.getAlias(), model.getDisplayName()), config.get("authorizationUrl"), config.get("tokenUrl"), config.get("clientId"),
                    secret(session, config.get("clientSecret")),
                    config.getOrDefault("defaultScope", "openid"),
                    config.get(DATA_API_URL));
        });
    }

    /** A bank an admin configured but disabled: it exists, yet takes no connections and serves no data for now. */
    public static boolean isDisabled(KeycloakSession session, String bankId) {
        return configured(session, bankId).filter(model -> !model.isEnabled()).isPresent();
    }

    /** Whether an identity provider, by its config, is a bank rather than, say, a social login: it has a data API. */
    public static boolean isBank(Map<String, String> config) {
        return config != null && config.get(DATA_API_URL) != null;
    }

    /** The name partners and users see: the provider's display name, else its alias. */
    public static String displayName(String alias, String displayName) {
        return displayName == null || displayName.isBlank() ? alias : displayName;
    }

    private static Optional<IdentityProviderModel> configured(KeycloakSession session, String bankId) {
        if (bankId == null || bankId.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(session.identityProviders().getByAlias(bankId)).filter(model -> isBank(model.getConfig()));
    }

    private static String secret(KeycloakSession session, String configured) {
        try (VaultStringSecret secret = session.vault().getStringSecret(configured)) {
            return secret.get().orElse(configured);
        }
    }

    @Override
    public String toString() {
        return "Bank[" + id + "]";
    }
}
