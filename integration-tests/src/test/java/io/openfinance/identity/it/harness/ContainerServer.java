package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.testcontainers.utility.MountableFile;

import io.openfinance.identity.launcher.FreePorts;

/**
 * The Docker path: the stock {@code quay.io/keycloak/keycloak} image with our JARs and the realm files
 * (from the test classpath), started by testcontainers-keycloak. The container port is bound to a fixed
 * free host port so that the realm can be told, before start, where a browser finds the sandbox bank.
 */
final class ContainerServer implements KeycloakServer {

    private final KeycloakContainer container;

    private ContainerServer(KeycloakContainer container) {
        this.container = container;
    }

    static ContainerServer start(String version, Path providersDir) {
        int hostPort = FreePorts.next();
        String browserUrl = "http://localhost:" + hostPort;
        TransportCertificates transport = TransportCertificates.get();
        KeycloakContainer container = new KeycloakContainer("quay.io/keycloak/keycloak:" + version)
                .withProviderLibsFrom(jarsIn(providersDir))
                .withRealmImportFiles("identity-realm.json", "sandbox-bank-realm.json")
                .withEnv(ServerSettings.environment(browserUrl, "http://localhost:8080"))
                .withAdminUsername(ServerSettings.ADMIN_USER)
                .withAdminPassword(ServerSettings.ADMIN_PASSWORD)
                .withEnabledMetrics()
                .withFeaturesEnabled(ServerSettings.CONSOLE_FEATURES)
                // at the same path inside, so that the options name them as they do outside
                .withCopyFileToContainer(MountableFile.forHostPath(transport.folder()), transport.folder().toString())
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindPort(hostPort), ExposedPort.tcp(8080))));
        transport.serverOptions().forEach(container::withCustomCommand);
        container.start();
        return new ContainerServer(container);
    }

    @Override
    public String baseUrl() {
        return container.getAuthServerUrl().replaceAll("/$", "");
    }

    @Override
    public String managementUrl() {
        return container.getMgmtServerUrl().replaceAll("/$", "");
    }

    @Override
    public Path logFile() {
        return null;
    }

    @Override
    public void close() {
        container.stop();
    }

    private static List<java.io.File> jarsIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("open-finance-"))
                    .map(Path::toFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
