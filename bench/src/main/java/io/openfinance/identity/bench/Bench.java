package io.openfinance.identity.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark of issues 11, 19, 20 and 23. {@code smoke}: development mode on H2, 1 bank, 1 000 profiles, 2 000 stored
 * transactions over 20 connections, 1 s per operation, one alternated round, the table only (CI runs it so that it
 * cannot rot: every operation and step runs once; it never judges timings). {@code full}: for each database,
 * 1 bank then 900 banks at the smallest profile count, then the larger profile counts at 900 banks; prints and saves
 * the table and the targets' verdicts under {@code bench/results/}. Sizes and durations: see docs/benchmark.md.
 */
public final class Bench {

    private static final int WRK_THREADS = 1;
    private static final int WRK_CONNECTIONS = 8;
    private static final int MANY_BANKS = 900;
    /** Smoke mode's bulk connections: 2 000 stored transactions, enough to page through. */
    private static final long SMOKE_CONNECTIONS = 20;
    /**
     * The connect flows' shortest warm-up in full mode. A flow is a few requests a second through paths no other row
     * runs (the authorization request, the consent page, the bank's callback, the code exchange), so the JIT takes
     * minutes of them to be done: after 8 s of flows our own hops read twice what they read after two minutes on the
     * same host ({@code bench/results/2026-12-07-connect-jit.md}).
     */
    private static final Duration CONNECT_WARM_UP = Duration.ofSeconds(120);

    private Bench() {
    }

    public static void main(String[] args) {
        boolean full = args.length == 1 && args[0].equals("full");
        if (!full && !(args.length == 1 && args[0].equals("smoke"))) {
            System.err.println("usage: Bench smoke|full");
            System.exit(2);
        }
        String loadBefore = Report.loadAverage();
        Instant started = Instant.now();
        Path work = Path.of(Database.setting("bench.work"), "bench");
        List<Database> databases = full ? list(Database.setting("bench.databases")).stream().map(Database::valueOf).toList()
                : List.of(Database.H2);
        List<Long> profileCounts = full ? list(Database.setting("bench.profiles")).stream().map(Long::valueOf).toList()
                : List.of(1000L);
        Duration duration = Duration.ofSeconds(full ? Long.parseLong(Database.setting("bench.seconds")) : 1);
        Duration warmUp = Duration.ofSeconds(full ? 3 : 1);
        Duration connectWarmUp = !full ? warmUp : duration.compareTo(CONNECT_WARM_UP) > 0 ? duration : CONNECT_WARM_UP;
        // The large account's syncs and the alternated rounds: the median of three in full mode, once in smoke mode.
        int repeats = full ? 3 : 1;
        Wrk wrk = new Wrk(work.resolve("lua"), WRK_THREADS, WRK_CONNECTIONS);
        Operations.Rows rows = !full ? Operations.Rows.ALL : switch (Database.setting("bench.operations")) {
            case "profiles" -> Operations.Rows.PROFILES;
            case "store" -> Operations.Rows.STORE;
            case "connect" -> Operations.Rows.CONNECT;
            default -> Operations.Rows.ALL;
        };
        String mode = !full ? "smoke" : rows == Operations.Rows.ALL ? "full" : rows.name().toLowerCase(java.util.Locale.ROOT);
        long connections = full ? Long.parseLong(Database.setting("bench.connections")) : SMOKE_CONNECTIONS;

        List<Step> steps = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        String settings = "wrk -t%d -c%d, %d s per operation after %d s warm-up (three times that for the stock reference%s)%s."
                .formatted(WRK_THREADS, WRK_CONNECTIONS, duration.toSeconds(), warmUp.toSeconds(),
                        rows == Operations.Rows.ALL || rows == Operations.Rows.CONNECT
                                ? "; the connect flows after %d s of flows".formatted(connectWarmUp.toSeconds()) : "",
                        rows != Operations.Rows.ALL ? ""
                        : "; the peer: node-oidc-provider 9 (npm), one Node process on the same machine; the connect flows: one browser, sequential flows, the sandbox bank's and the OB sandbox's in turn")
                + Server.recording();
        Peer peer = rows == Operations.Rows.ALL ? Peer.start(work) : null;
        for (Database database : databases) {
            System.out.println("Starting Keycloak: " + database.label);
            try (Server server = Server.start(database, work)) {
                Fixture fixture = Fixture.prepare(server);
                Operations operations = new Operations(fixture, peer, wrk, duration, warmUp, connectWarmUp, rows, repeats, repeats);
                Store store = new Store(fixture, rows == Operations.Rows.PROFILES || rows == Operations.Rows.CONNECT ? 0 : connections);
                // The store's reads are judged at many banks only.
                if (rows != Operations.Rows.STORE) {
                    steps.add(measure(database, fixture, operations, store, 1, profileCounts.get(0)));
                    publish(mode, steps, incomplete, loadBefore, settings, started);
                }
                // The users API at every size; the banks' cost is another question, left out when only profiles are asked.
                List<Long> larger = rows == Operations.Rows.PROFILES ? profileCounts.subList(1, profileCounts.size()) : profileCounts;
                for (long profiles : !full ? List.<Long>of() : larger) {
                    steps.add(measure(database, fixture, operations, store, rows == Operations.Rows.PROFILES ? 1 : MANY_BANKS, profiles));
                    publish(mode, steps, incomplete, loadBefore, settings, started);
                }
            } catch (RuntimeException e) {
                // The other database's numbers are still worth printing; the run fails at the end.
                e.printStackTrace();
                incomplete.add(database.label + ": " + e.getMessage());
            }
        }
        if (peer != null) {
            peer.close();
        }

        String document = publish(mode, steps, incomplete, loadBefore, settings, started);
        System.out.println();
        System.out.println(document);
        long failed = steps.stream().flatMap(Step::all).mapToLong(Measurement::errors).sum();
        if (failed > 0 || !incomplete.isEmpty()) {
            System.err.println(failed + " requests were answered outside 2xx/3xx or failed; incomplete: " + incomplete);
            System.exit(1);
        }
    }

    /**
     * The run's document so far: machine, settings, table and, beyond smoke mode, the targets' verdicts, saved as
     * {@code bench/results/<date>-<mode>.md} after every step, so that a run stopped for time keeps what it measured.
     */
    private static String publish(String mode, List<Step> steps, List<String> incomplete, String loadBefore, String settings,
                                  Instant started) {
        String document = "# Benchmark, %s mode%n%n%s%n%s %d min so far.%n%s%n%s"
                .formatted(mode, Report.machine(loadBefore), settings,
                        Duration.between(started, Instant.now()).toMinutes(),
                        incomplete.isEmpty() ? "" : "\n**Incomplete:** " + String.join("; ", incomplete) + "\n",
                        Report.table(steps) + Report.stores(steps));
        if (!mode.equals("smoke") && !steps.isEmpty()) {
            document += "\n## Targets\n\n" + Report.verdicts(Targets.judge(steps));
            Report.save(Path.of(Database.setting("bench.results")), mode, document);
        }
        return document;
    }

    /** How many bulk connections the store holds at most: one per bulk profile, up to the setting. */
    private record Store(Fixture fixture, long connections) {
        void growWith(long profiles) {
            fixture.store.growTo(Math.min(connections, profiles));
        }
    }

    private static Step measure(Database database, Fixture fixture, Operations operations, Store store, int banks, long profiles) {
        Instant began = Instant.now();
        fixture.banks.growTo(banks);
        fixture.profiles.growTo(profiles);
        store.growWith(profiles);
        System.out.printf("%s, %d banks, %,d profiles, %,d stored transactions over %,d connections (set up in %d s):%n", database.label,
                banks, profiles, fixture.store.loaded() * StoreLoader.PER_CONNECTION, fixture.store.loaded(),
                Duration.between(began, Instant.now()).toSeconds());
        return new Step(database, banks, profiles, fixture.store.loaded(), operations.measureAll(), operations.alternate());
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
