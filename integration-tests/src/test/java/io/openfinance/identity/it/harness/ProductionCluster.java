package io.openfinance.identity.it.harness;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.openfinance.identity.launcher.KeyEncryptionKeyFile;
import io.openfinance.identity.launcher.Postgres;

/**
 * Keycloak as an admin runs it: the production build, {@code start --optimized} on a PostgreSQL database of its own,
 * N nodes forming one cluster (embedded Infinispan, discovery through the database: the default {@code jdbc-ping}
 * stack), and a round-robin load balancer in front whose URL is the server's hostname. The sandbox bank is reached
 * through the load balancer too, by browsers and by the nodes.
 */
public final class ProductionCluster implements RestartableServer {

    private static final Duration JOIN_TIMEOUT = Duration.ofMinutes(2);

    private static Path runKeyEncryptionKey;

    /** The demo realms of {@code data/import}, imported at the first start. */
    public static final String IMPORT_REALMS = "--import-realm";
    /**
     * Most production tests use the demo's sample partners and sandbox bank, which a production server refuses
     * without this setting.
     */
    public static final String ALLOW_DEMO_DATA = "--spi-open-finance-demo-data--default--allowed=true";
    /**
     * Keycloak commits a transaction that writes only what it deems ephemeral (sessions, login events) without waiting
     * for PostgreSQL's log to reach the disk: a database crash may lose the last few. A token's audit event is such a
     * transaction, so a production server turns that off, as docs/operations.md says.
     */
    public static final String DURABLE_AUDIT_EVENTS = "--spi-connections-jpa--quarkus--async-commit=false";
    /** The tests' event receivers listen on this machine, where a production server sends no event without this exception. */
    public static final String EVENTS_TO_LOCALHOST = "--spi-open-finance-events--jpa--allowed-destinations=localhost";
    /** How long the nodes hold a delivery round and its events (the default is 30 s), so that a takeover shows quickly. */
    public static final Duration EVENT_LEASE = Duration.ofSeconds(8);

    private final String database;
    private final List<ClusterNode> nodes;
    private final RoundRobinProxy proxy;
    private final List<String> settings = new ArrayList<>(List.of(IMPORT_REALMS, ALLOW_DEMO_DATA, DURABLE_AUDIT_EVENTS));
    private Path keyEncryptionKey = runKeyEncryptionKey();
    private List<String> keyEncryptionKeyOptions = KeyEncryptionKeyFile.options(keyEncryptionKey, List.of());
    private boolean databaseInitialised;
    private boolean onPreparedDatabase;
    private CrashablePostgres databaseServer;

    private ProductionCluster(String database, List<ClusterNode> nodes) {
        this.database = database;
        this.nodes = nodes;
        this.proxy = new RoundRobinProxy(nodes.stream().map(ClusterNode::url).toList());
    }

    /** A cluster on a fresh database, not started yet; {@code -Dit.database.prefix} keeps parallel checkouts apart. */
    public static ProductionCluster create(String name, int size) {
        String database = System.getProperty("it.database.prefix", "of_it_") + name;
        Postgres.recreate(database);
        Path logs = Path.of(System.getProperty("server.log")).getParent();
        List<ClusterNode> nodes = IntStream.rangeClosed(1, size)
                .mapToObj(n -> new ClusterNode(logs.resolve("keycloak-production-" + name + "-node" + n + ".log")))
                .toList();
        return new ProductionCluster(database, nodes);
    }

    /** A started cluster on a fresh database; stopped again if it does not come up. */
    public static ProductionCluster start(String name, int size) {
        return create(name, size).started();
    }

    /** Before the first start: one more option for every node. */
    public ProductionCluster with(String option) {
        settings.add(option);
        return this;
    }

    /** Before the first start: one option fewer, e.g. {@link #ALLOW_DEMO_DATA} to start as an admin's server starts. */
    public ProductionCluster without(String option) {
        if (!settings.remove(option)) {
            throw new IllegalArgumentException("not an option of this cluster: " + option);
        }
        return this;
    }

    /**
     * Before the first start: the database a copy of the {@link PreparedDatabase}, rather than empty, as the first start
     * would leave it: for a cluster that imports the demo realms, whose other options act only at run time (e.g. sync
     * and event settings, whether demo data is allowed, the key-encryption key: a first start seals nothing), and whose
     * test needs no first start.
     */
    public ProductionCluster onPreparedDatabase() {
        onPreparedDatabase = true;
        return this;
    }

    /**
     * Before the first start: the copy of the {@link PreparedDatabase} on a PostgreSQL server of the test's own rather
     * than the shared one, for a test that crashes the database.
     */
    public ProductionCluster onPreparedDatabaseOf(CrashablePostgres server) {
        databaseServer = server;
        return onPreparedDatabase();
    }

    /** Starts this cluster, stopped again if it does not come up. */
    public ProductionCluster started() {
        try {
            start();
            return this;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Starts the nodes, then waits for one cluster. On an empty database no node has started on yet, the first node
     * comes up alone (it creates the schema and imports the realms): Keycloak's schema creation on an empty database is
     * not guarded against a second node (keycloak/keycloak#41048; here: "relation databasechangelog already exists").
     * The other nodes, every node of a restart, and every node on a copy of the prepared database start at once, as an
     * orchestrator starts them.
     */
    @Override
    public void start() {
        if (!databaseInitialised && onPreparedDatabase) {
            copyPreparedDatabase();
            databaseInitialised = true;
        }
        if (databaseInitialised) {
            startAtOnce(nodes);
        } else {
            nodes.get(0).start(ProductionDistribution.home(), options(), environment());
            databaseInitialised = true;
            startAtOnce(nodes.subList(1, nodes.size()));
        }
        awaitOneCluster();
    }

    private void copyPreparedDatabase() {
        if (!settings.contains(IMPORT_REALMS)) {
            throw new IllegalStateException("the prepared database's first start imported the demo realms: not what this"
                    + " cluster's first start would make");
        }
        if (databaseServer == null) {
            PreparedDatabase.copyTo(database, proxy.url());
        } else {
            PreparedDatabase.copyTo(databaseServer, database, proxy.url());
        }
    }

    /** A node that does not come up fails the start once every node's start has ended. */
    private void startAtOnce(List<ClusterNode> starting) {
        if (starting.isEmpty()) {
            return;
        }
        Path home = ProductionDistribution.home();
        List<String> options = options();
        ExecutorService starters = Executors.newFixedThreadPool(starting.size());
        try {
            List<Future<?>> starts = new ArrayList<>();
            starting.forEach(node -> starts.add(starters.submit(() -> node.start(home, options, environment()))));
            RuntimeException failed = null;
            for (Future<?> start : starts) {
                try {
                    start.get();
                } catch (ExecutionException e) {
                    failed = failed != null ? failed
                            : e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            if (failed != null) {
                throw failed;
            }
        } finally {
            starters.shutdown();
        }
    }

    /** Starts (or restarts, on the same ports) one node and waits until every running node sees it in the cluster. */
    public void startNode(int n) {
        nodes.get(n).start(ProductionDistribution.home(), options(), environment());
        databaseInitialised = true;
        awaitOneCluster();
    }

    /**
     * With the JIT's quick tier only: a test node lives for minutes, and on two cores the optimizing compiler's work
     * during a start made each start about a third slower. Tuning of the JVM alone; Keycloak runs as an admin runs it.
     */
    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(ServerSettings.environment(proxy.url(), proxy.url()));
        environment.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        return environment;
    }

    private List<String> options() {
        List<String> options = new ArrayList<>(List.of(
                "--http-enabled=true",
                "--hostname=" + proxy.url(),
                "--proxy-headers=xforwarded",
                "--proxy-trusted-addresses=127.0.0.1",
                // ClusterIT: events delivered every second and retried within seconds, and a dead node's round taken
                // over after EVENT_LEASE.
                "--spi-open-finance-events--jpa--delivery-seconds=1",
                "--spi-open-finance-events--jpa--retry-initial-seconds=1",
                "--spi-open-finance-events--jpa--retry-max-seconds=2",
                "--spi-open-finance-events--jpa--lease-seconds=" + EVENT_LEASE.toSeconds(),
                // KeyEncryptionKeyRotationIT: data keys re-wrapped and old-format tokens re-sealed within seconds.
                "--spi-open-finance-sealing--default--rewrap-seconds=2",
                "--spi-open-finance-connection--jpa--reseal-seconds=2",
                // RestartIT: a deleted connection's bank tokens revoked within seconds, retried within seconds.
                "--spi-open-finance-connection--jpa--revocation-seconds=1",
                // Tests read the Data API right after connecting: on a loaded machine, wait for the first sync.
                "--spi-open-finance-connection--jpa--first-sync-wait-millis=30000"));

        options.addAll(settings);
        options.addAll(databaseServer == null ? Postgres.keycloakOptions(database) : databaseServer.keycloakOptions(database));
        options.addAll(keyEncryptionKeyOptions);
        return options;
    }

    /**
     * The key-encryption key options of the nodes' next starts: by default one key made for this test run and shared by
     * every node (production mode refuses to start without one); a rotation test names its own.
     */
    public void useKeyEncryptionKeys(Path current, List<Path> previous) {
        keyEncryptionKey = current;
        keyEncryptionKeyOptions = KeyEncryptionKeyFile.options(current, previous);
    }

    /** The nodes' next starts name no key-encryption key, as an admin who forgot it. */
    public void useNoKeyEncryptionKey() {
        keyEncryptionKey = null;
        keyEncryptionKeyOptions = List.of();
    }

    @Override
    public Path keyEncryptionKeyFile() {
        return keyEncryptionKey;
    }

    /** Made once per test run, in target/, as an admin makes one. */
    private static synchronized Path runKeyEncryptionKey() {
        if (runKeyEncryptionKey == null) {
            runKeyEncryptionKey = KeyEncryptionKeyFile.create(Path.of(System.getProperty("server.log")).resolveSibling("test-run-kek"));
        }
        return runKeyEncryptionKey;
    }

    /** Waits until every running node sees all running nodes, and no other, as its cluster. */
    public void awaitOneCluster() {
        List<ClusterNode> running = nodes.stream().filter(ClusterNode::isRunning).toList();
        Instant deadline = Instant.now().plus(JOIN_TIMEOUT);
        while (!running.stream().allMatch(node -> node.clusterSize() == running.size())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the nodes did not form one cluster of " + running.size() + " within " + JOIN_TIMEOUT);
            }
            pause();
        }
    }

    String database() {
        return database;
    }

    public int size() {
        return nodes.size();
    }

    public ClusterNode node(int n) {
        return nodes.get(n);
    }

    /** SIGKILL to one node's JVM; the load balancer keeps sending requests its way and finds it refusing them. */
    public void killNode(int n) {
        nodes.get(n).kill();
    }

    public RoundRobinProxy proxy() {
        return proxy;
    }

    @Override
    public String managementUrl() {
        return nodes.get(0).managementUrl();
    }

    @Override
    public String baseUrl() {
        return proxy.url();
    }

    /** The single node's log; a cluster of several has one per node ({@link ClusterNode#logFile()}). */
    @Override
    public Path logFile() {
        return nodes.size() == 1 ? nodes.get(0).logFile() : null;
    }

    @Override
    public void stop() {
        nodes.forEach(ClusterNode::stop);
    }

    @Override
    public boolean isRunning() {
        return nodes.stream().anyMatch(ClusterNode::isRunning);
    }

    @Override
    public Connection openDatabase() throws SQLException {
        return databaseServer == null ? Postgres.connect(database) : databaseServer.connect(database);
    }

    @Override
    public void close() {
        stop();
        proxy.close();
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
