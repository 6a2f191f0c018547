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

    public static Optional<Bank> find(KeycloakSession session, String bankId) {
        if (bankId == null || bankId.isBlank()) {
            return Optional.empty();
        }
        IdentityProviderModel model = session.identityProviders().getByAlias(bankId);
        if (model == null || !model.isEnabled()) {
            return Optional.empty();
        }
        Map<String, String> config = model.getConfig();
        return Optional.of(new Bank(model.getAlias(),
                model.getDisplayName() == null ? model.getAlias() : model.getDisplayName(),
                config.get("authorizationUrl"), config.get("tokenUrl"), config.get("clientId"),
                secret(session, config.get("clientSecret")),
                config.getOrDefault("defaultScope", "openid"),
                config.get(DATA_API_URL)));
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
