package io.openfinance.identity.it.harness;

import java.nio.file.Path;

/** A started stock Keycloak with the extension installed, as the tests see it. */
public interface KeycloakServer extends AutoCloseable {

    /** Root URL the browser and the tests use, e.g. {@code http://localhost:41234}. */
    String baseUrl();

    /** The server's own log, or {@code null} when the server writes none we can read. */
    Path logFile();

    /** Root URL of the management interface ({@code /metrics}, {@code /health}), or {@code null} when it is not reachable. */
    default String managementUrl() {
        return null;
    }

    default String realmUrl(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    @Override
    void close();
}
