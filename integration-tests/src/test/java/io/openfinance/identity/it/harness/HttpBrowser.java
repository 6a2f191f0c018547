package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import io.openfinance.identity.launcher.LoopbackCookies;

/**
 * A cookie-keeping HTTP user agent that follows redirects and submits HTML forms as a browser does,
 * without JavaScript; it stops when a redirect leaves for the partner's redirect URI.
 */
public final class HttpBrowser {

    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(new LoopbackCookies())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String partnerRedirectPrefix;
    private final List<URI> visited = new ArrayList<>();

    public HttpBrowser(String partnerRedirectPrefix) {
        this.partnerRedirectPrefix = partnerRedirectPrefix;
    }

    /** Where the browser ended: a page it shows, or the partner callback it was sent to. */
    public record Stop(URI url, int status, Document page, URI partnerCallback) {
        public boolean atPartner() {
            return partnerCallback != null;
        }

        public Element form() {
            Element form = page.selectFirst("form[method=post], form[method=POST]");
            if (form == null) {
                throw new AssertionError("No form on " + url + ":\n" + page.outerHtml());
            }
            return form;
        }
    }

    public Stop open(URI url) {
        return follow(HttpRequest.newBuilder(url).GET().build(), partnerRedirectPrefix);
    }

    /** Submits a page's POST form with its hidden inputs, the given fields and the named button. */
    public Stop submit(Stop at, Map<String, String> fields) {
        return submitUntil(at, fields, partnerRedirectPrefix);
    }

    /**
     * The same, stopping before a redirect to a URL that starts with {@code stopPrefix}: that URL is the stop's
     * {@link Stop#partnerCallback()}, which {@link #open} resumes from. Pauses a flow between two of its steps.
     */
    public Stop submitUntil(Stop at, Map<String, String> fields, String stopPrefix) {
        Element form = at.form();
        Map<String, String> values = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(input -> values.put(input.attr("name"), input.attr("value")));
        values.putAll(fields);
        URI action = at.url().resolve(form.attr("action"));
        return follow(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.formBody(values)))
                .build(), stopPrefix);
    }

    /** Every URL this browser requested, in order. */
    public List<URI> visited() {
        return List.copyOf(visited);
    }

    private Stop follow(HttpRequest request, String stopPrefix) {
        for (int hops = 0; hops < 20; hops++) {
            visited.add(request.uri());
            HttpResponse<String> response = send(request);
            int status = response.statusCode();
            if (status / 100 != 3) {
                return new Stop(request.uri(), status, Jsoup.parse(response.body(), request.uri().toString()), null);
            }
            URI next = request.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            if (next.toString().startsWith(stopPrefix)) {
                return new Stop(request.uri(), status, null, next);
            }
            request = HttpRequest.newBuilder(next).GET().build();
        }
        throw new AssertionError("Too many redirects");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
