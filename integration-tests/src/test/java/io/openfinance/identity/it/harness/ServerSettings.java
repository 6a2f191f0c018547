package io.openfinance.identity.it.harness;

import java.util.Map;

/** What both ways of starting the server share: realm names, admin account and environment. */
public final class ServerSettings {

    public static final String IDENTITY_REALM = "identity";
    public static final String SANDBOX_REALM = "sandbox-bank";
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "it-admin-" + Long.toHexString(System.nanoTime());
    /** Not the default (1000), so that a test sees the server honour the setting. */
    public static final int DATA_MAX_PAGE_SIZE = 500;
    private static final String DATA_MAX_PAGE_SIZE_VARIABLE = "KC_SPI_REALM_RESTAPI_EXTENSION__DATA__MAX_PAGE_SIZE";
    /**
     * Keycloak's parameterized client scopes carry the banks: one client scope {@code id} for every {@code id:<bankId>}.
     */
    public static final String FEATURE = "parameterized-scopes";
    /**
     * And Keycloak's declarative UI (experimental), which shows the console's Open finance tabs: the development suite's
     * server has it (ConsoleTabsIT); the production build leaves it out, as docs/operations.md does.
     */
    public static final String CONSOLE_FEATURES = FEATURE + ",declarative-ui";

    private ServerSettings() {
    }

    /**
     * @param browserUrl root URL at which a browser reaches the server
     * @param serverUrl  root URL at which the server reaches itself (differs inside a container)
     */
    static Map<String, String> environment(String browserUrl, String serverUrl) {
        return Map.of(
                DATA_MAX_PAGE_SIZE_VARIABLE, String.valueOf(DATA_MAX_PAGE_SIZE),
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "SANDBOX_BANK_BROWSER_URL", browserUrl + "/realms/" + SANDBOX_REALM,
                "SANDBOX_BANK_SERVER_URL", serverUrl + "/realms/" + SANDBOX_REALM,
                "IDENTITY_SERVER_URL", serverUrl + "/realms/" + IDENTITY_REALM);
    }
}
