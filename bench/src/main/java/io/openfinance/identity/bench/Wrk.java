package io.openfinance.identity.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives one HTTP request shape with Debian's {@code wrk}: a Lua script sets method, headers and body, and its
 * {@code done} hook prints the totals and percentiles in a line this class reads, instead of wrk's rounded summary.
 * Every answer outside 2xx and 3xx counts as an error: a benchmark of refusals would measure nothing.
 */
final class Wrk {

    /**
     * What wrk sends. With a {@code uniqueJsonField}, each request's body is a JSON object with only that field, set
     * to a value no other request of the run has ({@code clientUserId} for a profile, {@code username} for a user).
     * With {@code bodies}, a file of one body a line, each request sends the next line (single-use assertions); past
     * the last line they start again, and the server's refusals show in the {@code failed} column. With {@code targets},
     * a file of lines {@code <path and query> <bearer token>}, each request GETs the next line's path with its token:
     * one operation spread over many profiles.
     */
    record Request(String method, String url, Map<String, String> headers, String body, String uniqueJsonField, Path bodies,
                   Path targets) {

        static Request createEach(String url, String bearer, String uniqueJsonField) {
            return new Request("POST", url, Map.of("Authorization", "Bearer " + bearer, "Content-Type", "application/json"),
                    null, uniqueJsonField, null, null);
        }

        /** A GET of a public document. */
        static Request get(String url) {
            return new Request("GET", url, Map.of(), null, null, null, null);
        }

        static Request get(String url, String bearer) {
            return new Request("GET", url, Map.of("Authorization", "Bearer " + bearer), null, null, null, null);
        }

        static Request form(String url, Map<String, String> headers, String body) {
            return new Request("POST", url, formHeaders(headers), body, null, null, null);
        }

        /** A form POST whose body is the next line of {@code bodies}. */
        static Request formEach(String url, Map<String, String> headers, Path bodies) {
            return new Request("POST", url, formHeaders(headers), null, null, bodies, null);
        }

        /** GETs of the lines of {@code targets} in turn, each with its own token; {@code url}: the server's base. */
        static Request getEach(String url, Path targets) {
            return new Request("GET", url, Map.of(), null, null, null, targets);
        }

        private static Map<String, String> formHeaders(Map<String, String> headers) {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put("Content-Type", Api.FORM);
            return all;
        }
    }

    private static final String RESULT = "BENCH-RESULT";
    /** Lua: each wrk thread gets its own {@code offset}, so threads spread over a list rather than send the same lines. */
    private static final String THREAD_OFFSET = """
            local threads = 0
            function setup(thread)
              thread:set("offset", threads)
              threads = threads + 1
            end""";

    private final Path scripts;
    private final int threads;
    private final int connections;

    Wrk(Path scripts, int threads, int connections) {
        this.scripts = scripts;
        this.threads = threads;
        this.connections = connections;
    }

    /** Where the scripts, and the files they read, are written. */
    Path scripts() {
        return scripts;
    }

    Measurement run(String operation, Request request, Duration duration) {
        Path script = scripts.resolve(operation.replaceAll("[^A-Za-z0-9]+", "-") + ".lua");
        List<String> command = List.of("wrk", "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--timeout", "10s", "-s", script.toString(), request.url());
        try {
            java.nio.file.Files.createDirectories(scripts);
            java.nio.file.Files.writeString(script, lua(request, threads));
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!wrk.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
                throw new IllegalStateException("wrk failed for " + operation + ":\n" + output);
            }
            return parse(operation, output, connections);
        } catch (IOException e) {
            throw new UncheckedIOException("wrk is needed (Debian package wrk; .ci/run installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** No request answered within the run means each took longer than the run: the connections' requests failed. */
    private static Measurement parse(String operation, String output, int connections) {
        String line = output.lines().filter(l -> l.startsWith(RESULT)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result from wrk for " + operation + ":\n" + output));
        String[] f = line.split(" ");
        long answered = Long.parseLong(f[1]);
        long errors = Long.parseLong(f[3]);
        return new Measurement(operation, answered, Long.parseLong(f[2]) / 1e6, answered == 0 ? Math.max(errors, connections) : errors,
                answered == 0 ? Double.NaN : Double.parseDouble(f[4]) / 1000, answered == 0 ? Double.NaN : Double.parseDouble(f[5]) / 1000);
    }

    private static String lua(Request request, int threads) {
        StringBuilder lua = new StringBuilder("wrk.method = ").append(quote(request.method())).append('\n');
        request.headers().forEach((name, value) ->
                lua.append("wrk.headers[ ").append(quote(name)).append(" ] = ").append(quote(value)).append('\n'));
        if (request.body() != null) {
            lua.append("wrk.body = ").append(quote(request.body())).append('\n');
        }
        if (request.uniqueJsonField() != null) {
            lua.append("""
                    local threads = 0
                    function setup(thread)
                      threads = threads + 1
                      thread:set("prefix", "wrk-%x-" .. threads .. "-")
                    end
                    local counter = 0
                    function request()
                      counter = counter + 1
                      return wrk.format(nil, nil, nil, '{"%s":"' .. prefix .. counter .. '"}')
                    end
                    """.formatted(System.nanoTime(), request.uniqueJsonField()));
        }
        if (request.bodies() != null) {
            // Each thread takes every threads-th line from its own offset: no line is sent twice in one pass.
            lua.append("""
                    local bodies = {}
                    for line in io.lines(%s) do bodies[#bodies + 1] = line end
                    %s
                    local sent = 0
                    function request()
                      local line = offset + sent * %d
                      sent = sent + 1
                      return wrk.format(nil, nil, nil, bodies[line %% #bodies + 1])
                    end
                    """.formatted(quote(request.bodies().toString()), THREAD_OFFSET, threads));
        }
        if (request.targets() != null) {
            lua.append("""
                    local targets = {}
                    for line in io.lines(%s) do
                      local path, token = line:match("^(%%S+) (%%S+)$")
                      targets[#targets + 1] = {path, "Bearer " .. token}
                    end
                    %s
                    local sent = 0
                    function request()
                      local target = targets[(offset + sent * %d) %% #targets + 1]
                      sent = sent + 1
                      wrk.headers["Authorization"] = target[2]
                      return wrk.format(nil, target[1])
                    end
                    """.formatted(quote(request.targets().toString()), THREAD_OFFSET, threads));
        }
        lua.append("""
                function done(summary, latency, requests)
                  local e = summary.errors
                  io.write(string.format("%s %%d %%d %%d %%.0f %%.0f\\n", summary.requests, summary.duration,
                    e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50), latency:percentile(99)))
                end
                """.formatted(RESULT));
        return lua.toString();
    }

    /** A Lua long string: no escaping, whatever the value holds, as long as it holds no closing bracket of its level. */
    private static String quote(String value) {
        String level = "==";
        while (value.contains("]" + level + "]")) {
            level += "=";
        }
        return "[" + level + "[" + value + "]" + level + "]";
    }
}
