package io.openfinance.identity.it.harness;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;

/**
 * Gives tests one running Keycloak for the whole suite: started on first use, stopped when the
 * JUnit run ends. In development mode, Docker through Testcontainers where an engine answers, else the
 * unpacked stock distribution as a process; in production mode, one production node on PostgreSQL
 * behind a load balancer ({@link KeycloakMode}).
 */
public final class KeycloakExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KeycloakServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Started.class, key -> new Started(startServer()), Started.class)
                .server();
    }

    private static KeycloakServer startServer() {
        if (KeycloakMode.current() == KeycloakMode.PRODUCTION) {
            return ProductionCluster.create("suite", 1).onPreparedDatabase().started();
        }
        Path home = Path.of(System.getProperty("keycloak.home"));
        if (dockerAvailable()) {
            return ContainerServer.start(System.getProperty("keycloak.version"), home.resolve("providers"));
        }
        return DistributionServer.start(home, Path.of(System.getProperty("server.log")));
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError noDocker) {
            return false;
        }
    }

    private record Started(KeycloakServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
