package io.openfinance.identity.bank;

import java.util.Map;
import java.util.Optional;

import io.openfinance.identity.demo.DemoDataGuard;
import org.jboss.logging.Logger;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

/** The realm's banks: its identity providers that have a data API. */
public final class Banks {

    /** The identity provider type of banks: Keycloak's "OpenID Connect v1.0". */
    public static final String PROVIDER_TYPE = "oidc";
    private static final Logger LOG = Logger.getLogger(Banks.class);

    private Banks() {
    }

    /** The enabled, well-configured bank with this id, unless it is demo data this server refuses. */
    public static Optional<BankConfig> find(KeycloakSession session, String bankId) {
        return configured(session, bankId).filter(IdentityProviderModel::isEnabled)
                .filter(model -> !DemoDataGuard.of(session).refusesBank(model.getConfig())).flatMap(model -> {
            try {
                return Optional.of(BankConfig.parse(model.getAlias(), model.getDisplayName(), model.getConfig(),
                        configured -> secret(session, configured)));
            } catch (IllegalArgumentException misconfigured) {
                LOG.warnf("Bank %s is not usable: %s", model.getAlias(), misconfigured.getMessage());
                return Optional.empty();
            }
        });
    }

    /** A bank an admin configured, enabled or not. */
    public static boolean exists(KeycloakSession session, String bankId) {
        return configured(session, bankId).isPresent();
    }

    /** A bank an admin configured but disabled: it exists, yet takes no connections and serves no data for now. */
    public static boolean isDisabled(KeycloakSession session, String bankId) {
        return configured(session, bankId).filter(model -> !model.isEnabled()).isPresent();
    }

    /**
     * Whether an identity provider is a bank rather than, say, a social login: an OpenID Connect v1.0 provider
     * ({@value #PROVIDER_TYPE}) with a data API. Only this type, whose logins {@code BankIsNoLogin} refuses.
     */
    public static boolean isBank(String providerId, Map<String, String> config) {
        return PROVIDER_TYPE.equals(providerId) && config != null && config.get(BankConfig.DATA_API_URL) != null;
    }

    public static boolean isBank(IdentityProviderModel model) {
        return isBank(model.getProviderId(), model.getConfig());
    }

    /** The name partners and users see: the provider's display name, else its alias. */
    public static String displayName(String alias, String displayName) {
        return displayName == null || displayName.isBlank() ? alias : displayName;
    }

    private static Optional<IdentityProviderModel> configured(KeycloakSession session, String bankId) {
        if (bankId == null || bankId.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(session.identityProviders().getByAlias(bankId)).filter(Banks::isBank);
    }

    private static String secret(KeycloakSession session, String configured) {
        try (VaultStringSecret secret = session.vault().getStringSecret(configured)) {
            return secret.get().orElse(configured);
        }
    }
}
