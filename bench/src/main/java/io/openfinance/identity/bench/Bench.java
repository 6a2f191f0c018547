package io.openfinance.identity.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark of issue 11. {@code smoke}: development mode on H2, 1 bank, 1 000 profiles, 3 s per operation,
 * the table only (CI runs it so that it cannot rot; it never judges timings). {@code full}: for each database,
 * 1 bank then 900 banks at the smallest profile count, then the larger profile counts at 900 banks; prints and saves
 * the table and the targets' verdicts under {@code bench/results/}. Sizes and durations: see bench/README.md.
 */
public final class Bench {

    private static final int WRK_THREADS = 1;
    private static final int WRK_CONNECTIONS = 8;
    private static final int MANY_BANKS = 900;

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
        List<Database> databases = full ? list(System.getProperty("bench.databases", "H2,POSTGRES")).stream().map(Database::valueOf).toList()
                : List.of(Database.H2);
        List<Long> profileCounts = full ? list(System.getProperty("bench.profiles", "1000,100000,1000000")).stream().map(Long::valueOf).toList()
                : List.of(1000L);
        Duration duration = Duration.ofSeconds(full ? Long.getLong("bench.seconds", 10) : 3);
        Duration warmUp = Duration.ofSeconds(full ? 3 : 1);
        Wrk wrk = new Wrk(work.resolve("lua"), WRK_THREADS, WRK_CONNECTIONS);

        List<Step> steps = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        for (Database database : databases) {
            System.out.println("Starting Keycloak: " + database.label);
            try (Server server = Server.start(database, work)) {
                Fixture fixture = Fixture.prepare(server);
                Operations operations = new Operations(fixture, wrk, duration, warmUp);
                steps.add(measure(database, fixture, operations, 1, profileCounts.get(0)));
                if (full) {
                    for (long profiles : profileCounts) {
                        steps.add(measure(database, fixture, operations, MANY_BANKS, profiles));
                    }
                }
            } catch (RuntimeException e) {
                // The other database's numbers are still worth printing; the run fails at the end.
                e.printStackTrace();
                incomplete.add(database.label + ": " + e.getMessage());
            }
        }

        String table = Report.table(steps);
        String notes = incomplete.isEmpty() ? "" : "\n**Incomplete:** " + String.join("; ", incomplete) + "\n";
        String settings = "wrk -t%d -c%d, %d s per operation after %d s warm-up; the connect flow: one browser, sequential flows. %s mode, %s.%n"
                .formatted(WRK_THREADS, WRK_CONNECTIONS, duration.toSeconds(), warmUp.toSeconds(), full ? "Full" : "Smoke",
                        Duration.between(started, Instant.now()).toMinutes() + " min");
        System.out.println();
        System.out.println(settings);
        System.out.println(table + notes);
        if (full && !steps.isEmpty()) {
            String verdicts = Report.verdicts(Targets.judge(steps));
            System.out.println(verdicts);
            Path saved = Report.save(Path.of(Database.setting("bench.results")), "full",
                    "# Benchmark, full mode\n\n" + Report.machine(loadBefore) + "\n" + settings + notes + "\n" + table + "\n## Targets\n\n" + verdicts);
            System.out.println("Saved " + saved);
        }
        long failed = steps.stream().flatMap(s -> s.measurements().stream()).mapToLong(Measurement::errors).sum();
        if (failed > 0 || !incomplete.isEmpty()) {
            System.err.println(failed + " requests were answered outside 2xx/3xx or failed" + notes);
            System.exit(1);
        }
    }

    private static Step measure(Database database, Fixture fixture, Operations operations, int banks, long profiles) {
        Instant began = Instant.now();
        fixture.banks.growTo(banks, fixture.partnerInternalId);
        fixture.profiles.growTo(profiles);
        System.out.printf("%s, %d banks, %,d profiles (set up in %d s):%n", database.label, banks, profiles,
                Duration.between(began, Instant.now()).toSeconds());
        return new Step(database, banks, profiles, operations.measureAll());
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
