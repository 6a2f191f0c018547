package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml as Docker Compose reads it. Nothing is built or started (no Docker engine is needed): Compose
 * checks the file, its build section and its interpolations. Compose v2 ({@code docker compose}) where installed,
 * else Debian's v1 ({@code docker-compose}, which .ci/run installs).
 */
class ComposeFileIT {

    @Test
    void composeAcceptsTheComposeFile() throws IOException, InterruptedException {
        Optional<List<String>> compose = compose();
        assumeTrue(compose.isPresent(), "Docker Compose is not installed (.ci/run installs Debian's docker-compose)");
        Path file = Path.of(System.getProperty("compose.file"));
        List<String> command = new ArrayList<>(compose.get());
        command.addAll(List.of("-f", file.toString(), "config", "-q"));

        Process check = new ProcessBuilder(command).directory(file.getParent().toFile()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, check.waitFor(2, TimeUnit.MINUTES), "compose config did not finish");
        assertEquals(0, check.exitValue(), String.join(" ", command) + ":\n" + output);
    }

    private static Optional<List<String>> compose() throws InterruptedException {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                Process process = new ProcessBuilder(version).redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                if (process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException notInstalled) {
                // try the next one
            }
        }
        return Optional.empty();
    }
}
