package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The distribution built for production as an admin builds it ({@code kc.sh build}), once per test run, in a copy of
 * the unpacked server: {@code build} rewrites the distribution, and the development pass keeps using the original.
 */
public final class ProductionDistribution {

    /** Build-time options: the database vendor, health and metrics on the management port, the banks' scope feature. */
    public static final List<String> BUILD_OPTIONS = List.of("--db=postgres", "--health-enabled=true", "--metrics-enabled=true",
            "--features=" + ServerSettings.FEATURE);

    private static Path built;

    private ProductionDistribution() {
    }

    public static synchronized Path home() {
        if (built == null) {
            Path target = Path.of(System.getProperty("keycloak.production.home"));
            copy(Path.of(System.getProperty("keycloak.home")), target);
            build(target, target.resolveSibling("keycloak-production-build.log"));
            built = target;
        }
        return built;
    }

    private static void build(Path home, Path log) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
        command.addAll(BUILD_OPTIONS);
        try {
            Process build = new ProcessBuilder(command).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
                build.destroyForcibly();
                throw new IllegalStateException("kc.sh build failed; log: " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies the distribution with its file modes; of {@code data/} only the realm files to import. */
    private static void copy(Path source, Path target) {
        if (!Files.isDirectory(source)) {
            throw new IllegalStateException("No Keycloak distribution at " + source + ": build the server module first (mvn package)");
        }
        deleteTree(target);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (isRuntimeData(relative)) {
                    continue;
                }
                Files.copy(file, target.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRuntimeData(Path relative) {
        return relative.startsWith("data") && relative.getNameCount() > 1 && !relative.startsWith(Path.of("data", "import"));
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
