package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.openfinance.identity.launcher.FileTrees;
import io.openfinance.identity.launcher.FreePorts;

/**
 * The release archive installed as an admin installs it: the stock distribution's zip and the release archive
 * unpacked afresh side by side, then the shell commands of the archive's own {@code INSTALL.md} run in order, in the
 * release's folder with {@code KC_HOME} set, up to the section {@value #LAST_SECTION}, whose command starts the server.
 * The steps live in INSTALL.md only, so that what admins read and what the test does cannot drift apart.
 */
public final class InstalledRelease {

    private static final String LAST_SECTION = "Try it";
    /** A fresh distribution's first start also builds it (over 2 minutes on a busy machine), then imports the realms. */
    private static final Duration FIRST_START_TIMEOUT = Duration.ofMinutes(15);
    private static final String KC_SH = "\"$KC_HOME/bin/kc.sh\" ";
    private static final Pattern SECTION_OR_BLOCK = Pattern.compile("^## ([^\\n]*)$|^```sh\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL);

    private InstalledRelease() {
    }

    /** Unpacks both archives under {@code workDir}, follows INSTALL.md and starts the server its last step names. */
    public static DistributionServer install(Path stockZip, Path releaseZip, Path workDir, Path logFile) {
        FileTrees.delete(workDir);
        try {
            Files.createDirectories(workDir);
            Files.deleteIfExists(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        unzip(stockZip, workDir);
        unzip(releaseZip, workDir);
        Path keycloakHome = onlyFolder(workDir, "keycloak-");
        Path release = onlyFolder(workDir, "open-finance-identity-");

        List<String> steps = installSteps(release.resolve("INSTALL.md"));
        Map<String, String> shell = Map.of("KC_HOME", keycloakHome.toString());
        steps.subList(0, steps.size() - 1).forEach(step -> run(step, release, shell, logFile));

        String start = steps.get(steps.size() - 1).strip();
        if (!start.startsWith(KC_SH) || start.contains("\n")) {
            throw new IllegalStateException("INSTALL.md's '" + LAST_SECTION + "' should end with one kc.sh command, not: " + start);
        }
        List<String> arguments = Arrays.asList(start.substring(KC_SH.length()).split("\\s+"));
        int port = FreePorts.next();
        String baseUrl = "http://localhost:" + port;
        // What INSTALL.md tells an admin to set: the first admin, and where the demo realm finds its sandbox bank.
        Map<String, String> environment = new HashMap<>(ServerSettings.environment(baseUrl, baseUrl));
        environment.put("KC_HTTP_PORT", String.valueOf(port));
        environment.put("KC_HTTP_MANAGEMENT_PORT", String.valueOf(FreePorts.next()));
        return DistributionServer.launch(keycloakHome, arguments, environment, baseUrl,
                URI.create(baseUrl + "/realms/" + ServerSettings.IDENTITY_REALM + "/.well-known/openid-configuration"), logFile,
                FIRST_START_TIMEOUT);
    }

    /** The {@code sh} blocks of INSTALL.md's sections, from the first up to and including {@value #LAST_SECTION}. */
    static List<String> installSteps(Path install) {
        String text = read(install);
        List<String> steps = new ArrayList<>();
        boolean last = false;
        Matcher matcher = SECTION_OR_BLOCK.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1) != null) {
                if (last) {
                    return steps;
                }
                last = matcher.group(1).contains(LAST_SECTION);
            } else {
                steps.add(matcher.group(2));
            }
        }
        if (!last || steps.isEmpty()) {
            throw new IllegalStateException(install + " has no section '" + LAST_SECTION + "' with commands");
        }
        return steps;
    }

    private static void run(String script, Path directory, Map<String, String> environment, Path logFile) {
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        await(builder, "INSTALL.md step failed (log: " + logFile + "):\n" + script);
    }

    private static void unzip(Path zip, Path into) {
        await(new ProcessBuilder("unzip", "-q", zip.toString(), "-d", into.toString()).inheritIO(), "cannot unzip " + zip);
    }

    private static void await(ProcessBuilder builder, String failure) {
        try {
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(failure);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path onlyFolder(Path parent, String prefix) {
        try (var folders = Files.list(parent)) {
            List<Path> found = folders.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
            if (found.size() != 1) {
                throw new IllegalStateException("expected one folder " + prefix + "* in " + parent + ", found " + found);
            }
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
