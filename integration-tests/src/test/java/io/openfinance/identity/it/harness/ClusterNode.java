package io.openfinance.identity.it.harness;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
