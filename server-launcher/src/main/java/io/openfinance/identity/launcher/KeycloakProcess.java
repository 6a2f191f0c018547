package io.openfinance.identity.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** An unpacked stock distribution's {@code kc.sh} run as a child process, until it answers its readiness check. */
public final class KeycloakProcess {

    /**
     * A production node on an empty database took over 3 minutes on a busy 2-core machine, a development server over 8
     * with seven builds beside it: {@code -Dlauncher.startup.minutes} gives such a machine longer.
     */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(Long.getLong("launcher.startup.minutes", 8));

    private final Process process;
    private final Path logFile;
    private final Duration startTime;

    private KeycloakProcess(Process process, Path logFile, Duration startTime) {
        this.process = process;
        this.logFile = logFile;
        this.startTime = startTime;
    }

    /**
     * Starts {@code kc.sh arguments} and waits until {@code readiness} answers 200.
     *
     * @param logFile appended to, so that a restarted node keeps the log of its earlier life
     */
    public static KeycloakProcess launch(Path keycloakHome, List<String> arguments, Map<String, String> environment,
                                         URI readiness, Path logFile) {
        return launch(keycloakHome, arguments, environment, readiness, logFile, STARTUP_TIMEOUT);
    }

    /** The same, waiting up to {@code timeout}, e.g. for a first start that also builds the distribution. */
    public static KeycloakProcess launch(Path keycloakHome, List<String> arguments, Map<String, String> environment,
                                         URI readiness, Path logFile, Duration timeout) {
        Path launcher = keycloakHome.resolve("bin/kc.sh");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("No Keycloak distribution at " + keycloakHome
                    + ": build the server module first (mvn package)");
        }
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(keycloakHome.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            Instant launched = Instant.now();
            Process process = builder.start();
            awaitReady(process, readiness, logFile, timeout);
            return new KeycloakProcess(process, logFile, Duration.between(launched, Instant.now()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path logFile() {
        return logFile;
    }

    /** From launch until the server answered its readiness check. */
    public Duration startTime() {
        return startTime;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kc.sh} and the JVM it started. */
    public Stream<ProcessHandle> processes() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants());
    }

    /** A graceful shutdown: SIGTERM, as an orchestrator stops a node; SIGKILL after 30 s. */
    public void stop() {
        stop(process);
    }

    /** SIGKILL to the JVM under {@code kc.sh}: no shutdown hook runs, no cluster member is told, as when a machine dies. */
    public void kill() {
        List<ProcessHandle> jvms = process.descendants().toList();
        jvms.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(process, Duration.ofSeconds(30));
        // Until the JVM itself is gone its port may still take a connection, and a load balancer would not move on.
        jvms.forEach(jvm -> jvm.onExit().completeOnTimeout(jvm, 30, TimeUnit.SECONDS).join());
    }

    private static void awaitReady(Process process, URI readiness, Path logFile, Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; log: " + logFile);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(readiness).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(Duration.ofSeconds(1));
        }
        stop(process);
        throw new IllegalStateException("Keycloak was not ready within " + timeout + "; log: " + logFile);
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!awaitExit(process, Duration.ofSeconds(30))) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
