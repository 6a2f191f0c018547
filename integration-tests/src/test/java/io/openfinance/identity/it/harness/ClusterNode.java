package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.openfinance.identity.launcher.FreePorts;

/**
 * One production node on loopback. Its HTTP, management and cluster ports are chosen once and kept across restarts,
 * so that the load balancer finds it again.
 */
public final class ClusterNode {

    private final int httpPort = FreePorts.next();
    private final int managementPort = FreePorts.next();
    private final int clusterPort = freeClusterPort();
    private final Path logFile;
    private DistributionServer process;

    ClusterNode(Path logFile) {
        this.logFile = logFile;
    }

    /** Where the load balancer reaches it. */
    URI url() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** The node itself, bypassing the load balancer. */
    public KeycloakServer direct() {
        return running();
    }

    void start(Path home, List<String> clusterOptions, Map<String, String> environment) {
        List<String> arguments = new ArrayList<>(List.of("start", "--optimized",
                "--http-host=127.0.0.1", "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                "--cache-embedded-network-bind-address=127.0.0.1", "--cache-embedded-network-bind-port=" + clusterPort));
        arguments.addAll(clusterOptions);
        process = DistributionServer.launch(home, arguments, environment, "http://localhost:" + httpPort,
                URI.create("http://127.0.0.1:" + managementPort + "/health/ready"), logFile);
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The process id of the node's Keycloak JVM, e.g. to tell which node a database row names as {@code pid@host}. */
    public long jvmPid() {
        return running().jvm().pid();
    }

    /** From launch until Keycloak's readiness check answered UP. */
    public Duration lastStartTime() {
        return running().startTime();
    }

    void stop() {
        if (isRunning()) {
            process.close();
        }
    }

    void kill() {
        running().kill();
    }

    /** Whether this node holds a TCP connection to {@code port} on this machine right now (Linux {@code /proc}). */
    public boolean isConnectedTo(int port) {
        Set<String> sockets = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                Files.readAllLines(Path.of(table)).stream().skip(1).map(line -> line.trim().split("\\s+"))
                        .filter(columns -> Integer.parseInt(columns[2].substring(columns[2].indexOf(':') + 1), 16) == port)
                        .forEach(columns -> sockets.add("socket:[" + columns[9] + "]"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return running().processes().anyMatch(process -> {
            try (Stream<Path> descriptors = Files.list(Path.of("/proc", String.valueOf(process.pid()), "fd"))) {
                return descriptors.anyMatch(fd -> {
                    try {
                        return sockets.contains(Files.readSymbolicLink(fd).toString());
                    } catch (IOException closedMeanwhile) {
                        return false;
                    }
                });
            } catch (IOException gone) {
                return false;
            }
        });
    }

    /** How many members this node sees in its cluster: Infinispan's gauge on the management port. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public int clusterSize() {
        String metrics = Http.get(managementUrl() + "/metrics", null).body();
        return metrics.lines().filter(line -> line.startsWith("vendor_cluster_size{"))
                .map(line -> (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no vendor_cluster_size metric on node " + url()));
    }

    public Path logFile() {
        return logFile;
    }

    private DistributionServer running() {
        if (process == null) {
            throw new IllegalStateException("node " + url() + " was never started");
        }
        return process;
    }

    /** JGroups' failure detection listens at the bind port + 50000 (Keycloak's FD_SOCK2 offset, modulo 65536): both must be free. */
    private static int freeClusterPort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = FreePorts.next();
            if (FreePorts.isFree((port + 50_000) % 65_536)) {
                return port;
            }
        }
        throw new IllegalStateException("no free pair of cluster ports");
    }
}
