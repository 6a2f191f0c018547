package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The live objects of a server's JVM ({@code jcmd <pid> GC.heap_dump}: a full collection first, so only what something
 * still holds), searched for JWTs kept as strings: what someone who reads the memory of a node (or an Infinispan
 * peer's, which holds the same authentication-session notes) would find.
 */
public final class HeapDump {

    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.(eyJ[A-Za-z0-9_-]{8,})\\.[A-Za-z0-9_-]*");
    private static final int CHUNK = 64 << 20;
    private static final int OVERLAP = 64 << 10;

    private HeapDump() {
    }

    /** Whether the tests can reach the server's JVM (not inside a container). */
    public static boolean isPossible(KeycloakServer server) {
        return server instanceof DistributionServer;
    }

    /** The JWTs in the server's live heap whose claims {@code wanted} accepts, each once. */
    public static List<String> jwts(KeycloakServer server, Path scratch, Predicate<JsonNode> wanted) {
        Path dump = scratch.resolve("keycloak.hprof");
        dump(((DistributionServer) server).jvm().pid(), dump);
        try {
            return search(dump, wanted);
        } finally {
            try {
                Files.deleteIfExists(dump);
            } catch (IOException ignored) {
                // the scratch folder goes anyway
            }
        }
    }

    private static void dump(long pid, Path file) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_dump", file.toString())
                    .redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(5, TimeUnit.MINUTES) || jcmd.exitValue() != 0 || !Files.exists(file)) {
                throw new IllegalStateException("jcmd GC.heap_dump failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads the dump in overlapping chunks: a JWT across two chunks is whole in the second. */
    private static List<String> search(Path dump, Predicate<JsonNode> wanted) {
        List<String> found = new ArrayList<>();
        try (InputStream in = Files.newInputStream(dump)) {
            byte[] carry = new byte[0];
            byte[] chunk;
            while ((chunk = in.readNBytes(CHUNK)).length > 0) {
                byte[] window = Arrays.copyOf(carry, carry.length + chunk.length);
                System.arraycopy(chunk, 0, window, carry.length, chunk.length);
                Matcher jwt = JWT.matcher(new String(window, StandardCharsets.ISO_8859_1));
                while (jwt.find()) {
                    if (isWholeString(window, jwt.start(), jwt.end()) && !found.contains(jwt.group()) && wanted.test(claims(jwt.group(1)))) {
                        found.add(jwt.group());
                    }
                }
                carry = Arrays.copyOfRange(window, Math.max(0, window.length - OVERLAP), window.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /**
     * Whether the match is the whole content of a Java string (a Latin-1 {@code byte[]}): in the dump, a primitive
     * array's elements follow its length (4 bytes, big-endian) and its element type (8 for byte). A token inside a
     * larger buffer (an HTTP client's read buffer holding a whole token response) is not a string something keeps.
     */
    private static boolean isWholeString(byte[] dump, int start, int end) {
        if (start < 5 || dump[start - 1] != 8) {
            return false;
        }
        int length = ((dump[start - 5] & 0xff) << 24) | ((dump[start - 4] & 0xff) << 16) | ((dump[start - 3] & 0xff) << 8) | (dump[start - 2] & 0xff);
        return length == end - start;
    }

    private static JsonNode claims(String payload) {
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(payload));
        } catch (IOException | IllegalArgumentException cutOrNotJson) {
            return Http.JSON.createObjectNode();
        }
    }
}
