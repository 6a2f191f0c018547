package io.openfinance.identity.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import io.openfinance.identity.launcher.LoopbackCookies;

/**
 * One complete connection as a browser and the partner make it, every hop on the server: authorization request,
 * consent page, agree, the sandbox bank's sign-in, back through {@code bank-callback} (where the server swaps the
 * bank's code for its tokens), the code at the partner's redirect URI, and the partner's code exchange.
 * wrk cannot keep cookies across a multi-step flow, so this loop is plain {@code java.net.http}.
 */
final class ConnectFlow {

    static final String PARTNER = "demo-partner";
    static final String PARTNER_SECRET = "demo-partner-secret";
    private static final String REDIRECT_URI = "http://localhost:3000/callback";
    private static final String CUSTOMER = "alice";
    /** The sandbox bank's realm on the same server (its pages; {@code bank-callback} is ours). */
    private static final String BANK_REALM_PATH = "/realms/sandbox-bank/";

    private final Api api;

    ConnectFlow(Api api) {
        this.api = api;
    }

    /** Flow 2: connects the sandbox bank to an existing profile of the partner; answers the code exchange. */
    JsonNode connectProfile(String userId, String dataScopes) {
        return connectProfile(userId, dataScopes, CUSTOMER);
    }

    /** Flow 2 as the sandbox bank's {@code customer}. */
    JsonNode connectProfile(String userId, String dataScopes, String customer) {
        return connect(new Browser(), "openid id:sandbox " + dataScopes,
                "{\"id_token\":{\"sub\":{\"value\":\"" + userId + "\"},\"mh:con_id\":{\"essential\":true}}}", customer);
    }

    /**
     * Flow 1 (one-time access, a new profile each time), sequentially for {@code duration}: the whole flow, the part
     * of it spent in the sandbox bank's own pages (its sign-in page and password check), which stand in for a real
     * bank's, and the rest, flow by flow: our own hops.
     */
    List<Measurement> measure(String operation, String bankPagesOperation, String ownHopsOperation, Duration duration) {
        List<Long> flows = new ArrayList<>();
        List<Long> bankPages = new ArrayList<>();
        List<Long> ownHops = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        while (System.nanoTime() < end) {
            Browser browser = new Browser();
            long began = System.nanoTime();
            connect(browser, "openid id:sandbox accounts:read transactions:read:all", null, CUSTOMER);
            flows.add(System.nanoTime() - began);
            bankPages.add(browser.bankNanos);
            ownHops.add(flows.get(flows.size() - 1) - browser.bankNanos);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return List.of(measurement(operation, flows, seconds), measurement(bankPagesOperation, bankPages, seconds),
                measurement(ownHopsOperation, ownHops, seconds));
    }

    private JsonNode connect(Browser browser, String scope, String claims, String customer) {
        Map<String, String> query = new LinkedHashMap<>(Map.of("response_type", "code", "client_id", PARTNER,
                "redirect_uri", REDIRECT_URI, "scope", scope, "state", UUID.randomUUID().toString(),
                "nonce", UUID.randomUUID().toString()));
        if (claims != null) {
            query.put("claims", claims);
        }
        URI authorization = URI.create(api.realmUrl() + "/protocol/openid-connect/auth?" + Api.form(query));
        Stop consent = browser.follow(HttpRequest.newBuilder(authorization).build());
        Stop bank = browser.follow(submit(consent, Map.of("decision", "agree")));
        Stop back = browser.follow(submit(bank, Map.of("username", customer, "password", customer + "-sandbox")));
        if (back.callback == null) {
            throw new IllegalStateException("the flow did not come back to the partner; it stopped at " + back.url);
        }
        String code = queryParameter(back.callback, "code");
        HttpRequest exchange = HttpRequest.newBuilder(URI.create(api.realmUrl() + "/protocol/openid-connect/token"))
                .header("Authorization", Api.basic(PARTNER, PARTNER_SECRET)).header("Content-Type", Api.FORM)
                .POST(HttpRequest.BodyPublishers.ofString(Api.form(Map.of("grant_type", "authorization_code",
                        "code", code, "redirect_uri", REDIRECT_URI)))).build();
        return Api.expect(200, api.send(exchange));
    }

    /** A page the browser shows, or the partner callback a redirect sent it to. */
    private record Stop(URI url, Document page, URI callback) {
    }

    /** One browser's cookies, and the time its requests to the sandbox bank's realm took. */
    private static final class Browser {

        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new LoopbackCookies())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private long bankNanos;

        Stop follow(HttpRequest request) {
            for (int hop = 0; hop < 20; hop++) {
                HttpResponse<String> answer = send(request);
                if (answer.statusCode() / 100 != 3) {
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException(request.uri() + " answered " + answer.statusCode() + ": " + answer.body());
                    }
                    return new Stop(request.uri(), Jsoup.parse(answer.body(), request.uri().toString()), null);
                }
                URI next = request.uri().resolve(answer.headers().firstValue("Location").orElseThrow());
                if (next.toString().startsWith(REDIRECT_URI)) {
                    return new Stop(request.uri(), null, next);
                }
                request = HttpRequest.newBuilder(next).build();
            }
            throw new IllegalStateException("more than 20 redirects from " + request.uri());
        }

        private HttpResponse<String> send(HttpRequest request) {
            long began = System.nanoTime();
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(request.uri().toString(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                if (request.uri().getPath().startsWith(BANK_REALM_PATH)) {
                    bankNanos += System.nanoTime() - began;
                }
            }
        }
    }

    /** The page's POST form with its hidden inputs and the given fields. */
    private static HttpRequest submit(Stop at, Map<String, String> fields) {
        Element form = at.page == null ? null : at.page.selectFirst("form[method=post], form[method=POST]");
        if (form == null) {
            throw new IllegalStateException("expected a form at " + at.url + ", got " + (at.callback != null ? at.callback : at.page.title()));
        }
        Map<String, String> values = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(input -> values.put(input.attr("name"), input.attr("value")));
        values.putAll(fields);
        return HttpRequest.newBuilder(at.url.resolve(form.attr("action"))).header("Content-Type", Api.FORM)
                .POST(HttpRequest.BodyPublishers.ofString(Api.form(values))).build();
    }

    private static String queryParameter(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            String[] nameValue = pair.split("=", 2);
            if (nameValue[0].equals(name) && nameValue.length == 2) {
                return java.net.URLDecoder.decode(nameValue[1], java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("no " + name + " in " + uri);
    }

    private static Measurement measurement(String operation, List<Long> nanos, double seconds) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return new Measurement(operation, sorted.size(), seconds, 0, percentile(sorted, 50), percentile(sorted, 99));
    }

    /** The nearest-rank percentile, in milliseconds. */
    static double percentile(List<Long> sortedNanos, int percent) {
        if (sortedNanos.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100.0 * sortedNanos.size()) - 1;
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }
}
