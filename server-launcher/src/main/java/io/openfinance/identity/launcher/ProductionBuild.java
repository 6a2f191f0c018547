package io.openfinance.identity.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The distribution built for production as an admin builds it ({@code kc.sh build}), in a copy of the unpacked server:
 * {@code build} rewrites the distribution, and development mode keeps using the original.
 */
public final class ProductionBuild {

    private ProductionBuild() {
    }

    /**
     * Copies {@code distribution} to {@code copy} (of {@code data/} only the realm files to import) and runs
     * {@code kc.sh build buildOptions} there.
     *
     * @return the built copy's home
     */
    public static Path build(Path distribution, Path copy, List<String> buildOptions, Path log) {
        copyDistribution(distribution, copy);
        List<String> command = new ArrayList<>(List.of(copy.resolve("bin/kc.sh").toString(), "build"));
        command.addAll(buildOptions);
        try {
            Files.createDirectories(log.getParent());
            Process build = new ProcessBuilder(command).directory(copy.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!build.waitFor(10, TimeUnit.MINUTES) || build.exitValue() != 0) {
                build.destroyForcibly();
                throw new IllegalStateException("kc.sh build failed; log: " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return copy;
    }

    /** With file modes; a database or cache a run left in {@code data/} is not part of the distribution. */
    private static void copyDistribution(Path source, Path target) {
        if (!Files.isDirectory(source)) {
            throw new IllegalStateException("No Keycloak distribution at " + source + ": build the server module first (mvn package)");
        }
        FileTrees.copy(source, target, ProductionBuild::isRuntimeData);
    }

    private static boolean isRuntimeData(Path relative) {
        return relative.startsWith("data") && relative.getNameCount() > 1 && !relative.startsWith(Path.of("data", "import"));
    }
}
