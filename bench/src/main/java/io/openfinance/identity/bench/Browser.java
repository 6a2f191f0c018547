package io.openfinance.identity.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import io.openfinance.identity.launcher.LoopbackCookies;

/**
 * One browser of a connect flow, without JavaScript: its cookies, redirects followed until a page or the partner's
 * redirect URI, HTML forms submitted, the time its requests to the sandbox bank's realm took (the bank's own pages;
 * {@code bank-callback}, where our server calls the bank, is ours) and the time our server took to answer the others.
 */
final class Browser {

    /** A page the browser shows, or the partner callback a redirect sent it to. */
    record Stop(URI url, Document page, URI callback) {
    }

    /** HTTP/1.1 as browsers speak to a plain-http server: they use HTTP/2 only over TLS, never an h2c upgrade. */
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new LoopbackCookies()).followRedirects(HttpClient.Redirect.NEVER).build();
    private final String partnerRedirectUri;
    private final String bankRealmPath;
    private long bankNanos;
    private long ourAnswersNanos;

    /** @param bankRealmPath the path prefix of the bank's realm on the server, e.g. {@code /realms/sandbox-bank/} */
    Browser(String partnerRedirectUri, String bankRealmPath) {
        this.partnerRedirectUri = partnerRedirectUri;
        this.bankRealmPath = bankRealmPath;
    }

    /** How long this browser's requests to the bank's realm, and reading its pages, took so far. */
    long bankNanos() {
        return bankNanos;
    }

    /** How long this browser waited for our server's answers so far: its requests to us, from sending to the last byte. */
    long ourAnswersNanos() {
        return ourAnswersNanos;
    }

    Stop open(URI url) {
        return follow(HttpRequest.newBuilder(url).build());
    }

    /** Submits the page's POST form with its hidden inputs and the given fields. */
    Stop submit(Stop at, Map<String, String> fields) {
        return follow(post(at, fields, List.of()));
    }

    /** Submits the page's POST form with every checkbox named {@code checkbox} ticked (at least one). */
    Stop submitTickingEvery(Stop at, String checkbox, Map<String, String> fields) {
        List<String> values = form(at).select("input[type=checkbox][name=" + checkbox + "]").eachAttr("value");
        if (values.isEmpty()) {
            throw new IllegalStateException("expected checkboxes " + checkbox + " at " + at.url() + ", got " + at.page().title());
        }
        return follow(post(at, fields, values.stream().map(value -> Map.entry(checkbox, value)).toList()));
    }

    private Stop follow(HttpRequest request) {
        for (int hop = 0; hop < 20; hop++) {
            HttpResponse<String> answer = send(request);
            if (answer.statusCode() / 100 != 3) {
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException(request.uri() + " answered " + answer.statusCode() + ": " + answer.body());
                }
                return new Stop(request.uri(), parse(answer, request.uri()), null);
            }
            URI next = request.uri().resolve(answer.headers().firstValue("Location").orElseThrow());
            if (next.toString().startsWith(partnerRedirectUri)) {
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
            long took = System.nanoTime() - began;
            if (atBank(request.uri())) {
                bankNanos += took;
            } else {
                ourAnswersNanos += took;
            }
        }
    }

    /** A browser reads the pages it gets: reading a bank's page is part of the bank's time, as its answer is. */
    private Document parse(HttpResponse<String> answer, URI url) {
        long began = System.nanoTime();
        try {
            return Jsoup.parse(answer.body(), url.toString());
        } finally {
            if (atBank(url)) {
                bankNanos += System.nanoTime() - began;
            }
        }
    }

    private boolean atBank(URI url) {
        return url.getPath().startsWith(bankRealmPath);
    }

    private static Element form(Stop at) {
        Element form = at.page() == null ? null : at.page().selectFirst("form[method=post], form[method=POST]");
        if (form == null) {
            throw new IllegalStateException("expected a form at " + at.url() + ", got " + (at.callback() != null ? at.callback() : at.page().title()));
        }
        return form;
    }

    /** The form's hidden inputs and {@code fields}, then {@code repeated} (names a form may send more than once). */
    private static HttpRequest post(Stop at, Map<String, String> fields, List<Map.Entry<String, String>> repeated) {
        Element form = form(at);
        Map<String, String> values = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(input -> values.put(input.attr("name"), input.attr("value")));
        values.putAll(fields);
        String body = Api.form(values) + repeated.stream().map(e -> "&" + Api.encode(e.getKey()) + "=" + Api.encode(e.getValue()))
                .collect(Collectors.joining());
        return HttpRequest.newBuilder(at.url().resolve(form.attr("action"))).header("Content-Type", Api.FORM)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
