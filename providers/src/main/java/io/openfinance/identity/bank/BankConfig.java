package io.openfinance.identity.bank;

import java.net.URI;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One bank's settings, typed, read from its identity provider's config as the admin console writes it
 * (alias = bank id), plus the keys an identity provider lacks: {@value #DATA_API_URL}, {@value #CONNECTOR},
 * {@value #BANK_TYPE}, {@value #ICON_URL}, {@value #REVOCATION_URL}. {@link #settings} holds every configured key as
 * written, for what a connector reads beyond these (secrets unresolved: a connector resolves none from there).
 */
public record BankConfig(String id, String displayName, String type, String authorizationUrl, String tokenUrl,
                         String revocationUrl, String clientId, String clientSecret, ClientAuth clientAuth,
                         boolean pkce, String pkceMethod, String scopes, String dataApiUrl, String connector,
                         Map<String, String> settings) {

    public static final String DATA_API_URL = "dataApiUrl";
    public static final String CONNECTOR = "connector";
    public static final String BANK_TYPE = "bankType";
    public static final String ICON_URL = "iconUrl";
    public static final String REVOCATION_URL = "revocationUrl";
    public static final String DEFAULT_CONNECTOR = "oauth-data-api";

    /**
     * How we authenticate at the bank's token endpoint: the console's "Client authentication" choices we support, and
     * {@code tls_client_auth} (RFC 8705: the transport certificate is the credential, the form names the client).
     */
    public enum ClientAuth {
        CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, PRIVATE_KEY_JWT, TLS_CLIENT_AUTH;

        boolean usesSecret() {
            return this == CLIENT_SECRET_BASIC || this == CLIENT_SECRET_POST;
        }

        static ClientAuth of(String configured) {
            if (configured == null || configured.isBlank()) {
                return CLIENT_SECRET_BASIC;
            }
            try {
                return valueOf(configured.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unsupported clientAuthMethod " + configured);
            }
        }
    }

    /**
     * @param secrets resolves a configured secret, e.g. a vault reference, to its value
     * @throws IllegalArgumentException naming the setting that is missing or not supported
     */
    public static BankConfig parse(String alias, String displayName, Map<String, String> config, UnaryOperator<String> secrets) {
        ClientAuth clientAuth = ClientAuth.of(config.get("clientAuthMethod"));
        boolean pkce = Boolean.parseBoolean(config.getOrDefault("pkceEnabled", "false"));
        String pkceMethod = config.getOrDefault("pkceMethod", "S256");
        if (pkce && !pkceMethod.equals("S256") && !pkceMethod.equals("plain")) {
            throw new IllegalArgumentException("Unsupported pkceMethod " + pkceMethod);
        }
        String secret = config.get("clientSecret");
        if (clientAuth.usesSecret() && (secret == null || secret.isBlank())) {
            throw new IllegalArgumentException("clientSecret is required for " + clientAuth.name().toLowerCase(Locale.ROOT));
        }
        return new BankConfig(alias, displayName == null || displayName.isBlank() ? alias : displayName,
                "test".equals(config.get(BANK_TYPE)) ? "test" : "api",
                required(config, "authorizationUrl"), required(config, "tokenUrl"), config.get(REVOCATION_URL),
                required(config, "clientId"), secret == null ? null : secrets.apply(secret), clientAuth, pkce, pkceMethod,
                config.getOrDefault("defaultScope", "openid"), required(config, DATA_API_URL),
                config.getOrDefault(CONNECTOR, DEFAULT_CONNECTOR), Collections.unmodifiableMap(new HashMap<>(config)));
    }

    /** A setting a connector needs. @throws BankException naming it when it is missing */
    public String setting(String key) throws BankException {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            throw BankException.unavailable("bank " + id + " lacks the setting " + key, null);
        }
        return value;
    }

    /**
     * A URL setting a connector calls, when it is set: {@code null} when it is not.
     * @throws BankException naming it when it is not an http or https URL with a host
     */
    public URI url(String key) throws BankException {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(value);
            if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return uri;
            }
        } catch (IllegalArgumentException malformed) {
            // refused below
        }
        throw BankException.unavailable("bank " + id + ": " + key + " must be an http or https URL, not " + value, null);
    }

    private static String required(Map<String, String> config, String key) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
        return value;
    }

    @Override
    public String toString() {
        return "BankConfig[" + id + "]";
    }
}
