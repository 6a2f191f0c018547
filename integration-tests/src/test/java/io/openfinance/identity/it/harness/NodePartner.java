package io.openfinance.identity.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A partner program on Node.js ({@code src/test/node/*.mjs}), run as a process and spoken to in the
 * line protocol of {@code partner-io.mjs}: each {@code {"authorizationUrl"}} line it prints is
 * followed by its user (a {@link BrowsingUser} unless told otherwise) and answered with where the
 * browser came back; every other line is one of its results.
 */
public final class NodePartner {

    /** What the program printed besides its authorization URLs, how it ended, and its stderr. */
    public record Run(List<JsonNode> results, int exitCode, String stderr) {
        public String describe() {
            return "node exited with " + exitCode + "; its stderr:\n" + stderr;
        }
    }

    private NodePartner() {
    }

    public static Run run(String script, Map<String, String> environment, String redirectUri, int timeoutMinutes) {
        return run(script, environment, url -> BrowsingUser.visit(url, redirectUri), timeoutMinutes);
    }

    /** @param user follows an authorization URL the program prints, to the partner's callback or to where it stopped */
    public static Run run(String script, Map<String, String> environment, Function<URI, BrowsingUser.Visit> user,
                          int timeoutMinutes) {
        Path nodeDir = Path.of(System.getProperty("node.dir"));
        try {
            Path stderr = Files.createTempFile("node-partner", ".stderr");
            ProcessBuilder builder = new ProcessBuilder("node", script)
                    .directory(nodeDir.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            Process node = builder.start();
            // A node that hangs is killed; its stdout then ends, so the reading below ends too.
            node.onExit().completeOnTimeout(node, timeoutMinutes, TimeUnit.MINUTES).thenRun(node::destroyForcibly);
            List<JsonNode> results = talkTo(node, user);
            int exitCode = node.waitFor();
            String errors = Files.readString(stderr);
            Files.delete(stderr);
            return new Run(results, exitCode, errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> talkTo(Process node, Function<URI, BrowsingUser.Visit> user) throws IOException {
        List<JsonNode> results = new ArrayList<>();
        BufferedReader out = node.inputReader();
        // A PrintStream never throws: a node that stopped reading has its exit code and stderr say why.
        try (PrintStream in = new PrintStream(node.getOutputStream(), true, StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                JsonNode json = parse(line);
                if (json.hasNonNull("authorizationUrl")) {
                    in.println(answer(follow(json.get("authorizationUrl").asText(), user)));
                } else {
                    results.add(json);
                }
            }
        }
        return results;
    }

    private static BrowsingUser.Visit follow(String authorizationUrl, Function<URI, BrowsingUser.Visit> user) {
        try {
            return user.apply(URI.create(authorizationUrl));
        } catch (RuntimeException | AssertionError e) {
            // A redirect loop or a refused connection fails this call only; the program goes on with the others.
            return new BrowsingUser.Visit(null, List.of(), "the browser failed: " + e);
        }
    }

    private static String answer(BrowsingUser.Visit visit) {
        ObjectNode answer = Http.JSON.createObjectNode();
        if (visit.callback() != null) {
            answer.put("callbackUrl", visit.callback().toString());
        } else {
            answer.put("error", visit.stoppedAt());
        }
        visit.pages().forEach(answer.putArray("pages")::add);
        return answer.toString();
    }

    private static JsonNode parse(String line) {
        try {
            return Http.JSON.readTree(line);
        } catch (IOException notJson) {
            return Http.JSON.createObjectNode().put("unexpectedOutput", line);
        }
    }
}
