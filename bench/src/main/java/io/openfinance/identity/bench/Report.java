package io.openfinance.identity.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** The run's one table, the targets' verdicts and the machine it ran on, as Markdown. */
final class Report {

    private Report() {
    }

    /**
     * Every row as a ratio to the stock reference of its step; the token rows also to node-oidc-provider's row of the
     * same signature algorithm ({@link Operations#PEER_OF}).
     */
    static String table(List<Step> steps) {
        StringBuilder table = new StringBuilder("""
                | database | banks | profiles | operation | per s | x stock | x peer | p50 ms | x stock | p99 ms | x stock | failed |
                |---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|
                """);
        for (Step step : steps) {
            Measurement stock = step.stock();
            for (Measurement m : step.measurements()) {
                String peer = Operations.PEER_OF.containsKey(m.operation()) && step.has(Operations.PEER_OF.get(m.operation()))
                        ? "%.2f".formatted(m.perSecond() / step.get(Operations.PEER_OF.get(m.operation())).perSecond()) : "";
                table.append("| %s | %d | %,d | %s | %.0f | %.2f | %s | %.1f | %.2f | %.1f | %.2f | %d |%n".formatted(step.database().label,
                        step.banks(), step.profiles(), m.operation(), m.perSecond(), m.perSecond() / stock.perSecond(), peer,
                        m.p50(), m.p50() / stock.p50(), m.p99(), m.p99() / stock.p99(), m.errors()));
            }
        }
        return table.toString();
    }

    /** What the store held at each step: the Data API rows read it. */
    static String stores(List<Step> steps) {
        StringBuilder sizes = new StringBuilder("\nThe bank data store at each step (bulk-loaded connections, one per bulk profile):\n\n");
        steps.stream().filter(step -> step.connections() > 0).forEach(step -> sizes.append("- %s, %d banks, %,d profiles: %,d stored transactions over %,d connections%n"
                .formatted(step.database().label, step.banks(), step.profiles(), step.transactions(), step.connections())));
        return sizes.toString();
    }

    static String verdicts(List<Targets.Verdict> verdicts) {
        StringBuilder table = new StringBuilder("| target | database | result | measured |\n|---|---|---|---|\n");
        verdicts.forEach(v -> table.append("| %s | %s | %s | %s |%n".formatted(v.target(), v.database(), v.result(), v.measured())));
        return table.toString();
    }

    static String machine(String loadBefore) {
        return """
                - CPUs: %d × %s
                - memory: %s
                - JDK: %s %s
                - Keycloak: %s (stock distribution, our providers)
                - load average (1, 5, 15 min) at the start / when this was written: %s / %s — the machine is shared
                """.formatted(Runtime.getRuntime().availableProcessors(), cpuModel(), memory(), System.getProperty("java.vendor"),
                System.getProperty("java.version"), System.getProperty("keycloak.version"), loadBefore, loadAverage());
    }

    static String loadAverage() {
        String[] fields = read("/proc/loadavg").trim().split("\\s+");
        return fields.length >= 3 ? fields[0] + ", " + fields[1] + ", " + fields[2] : "unknown";
    }

    static Path save(Path directory, String mode, String content) {
        Path file = directory.resolve(LocalDate.now(ZoneOffset.UTC) + "-" + mode + ".md");
        try {
            java.nio.file.Files.createDirectories(directory);
            java.nio.file.Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cpuModel() {
        return read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown model");
    }

    private static String memory() {
        return read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal")).findFirst()
                .map(l -> "%.1f GiB".formatted(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse("unknown");
    }

    private static String read(String file) {
        try {
            return java.nio.file.Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
