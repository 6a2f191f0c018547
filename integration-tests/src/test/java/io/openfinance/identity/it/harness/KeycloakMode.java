package io.openfinance.identity.it.harness;

import java.util.Locale;

/**
 * How the suite runs Keycloak, from the system property {@code keycloak.mode} (one failsafe execution each):
 * {@code development} ({@code start-dev}, H2) or {@code production} ({@code kc.sh build}, {@code start --optimized},
 * PostgreSQL, behind a proxy).
 */
public enum KeycloakMode {
    DEVELOPMENT, PRODUCTION;

    public static KeycloakMode current() {
        return valueOf(System.getProperty("keycloak.mode", "development").toUpperCase(Locale.ROOT));
    }
}
