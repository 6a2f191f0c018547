package io.openfinance.identity.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One complete connection as a browser and the partner make it, every hop on the server: authorization request,
 * consent page, agree, the bank's sign-in (and, at the OB sandbox, its account-selection page), back through
 * {@code bank-callback} (where the server swaps the bank's code for its tokens and runs the first sync), the code at
 * the partner's redirect URI, and the partner's code exchange.
 * wrk cannot keep cookies across a multi-step flow, so this loop is plain {@code java.net.http}.
 */
final class ConnectFlow {

    static final String PARTNER = "demo-partner";
    static final String PARTNER_SECRET = "demo-partner-secret";
    private static final String REDIRECT_URI = "http://localhost:3000/callback";
    private static final String CUSTOMER = "alice";
    /** Both banks are played by the sandbox bank's realm on the same server (its pages; {@code bank-callback} is ours). */
    private static final String BANK_REALM_PATH = "/realms/sandbox-bank/";
    private static final String MEASURED_SCOPES = "accounts:read transactions:read:all";
    /** How long the check of a measured flow waits for its first sync's accounts (a sync may outlast the redirect). */
    private static final Duration SYNCED_WITHIN = Duration.ofSeconds(10);

    /** The banks of the realm file a flow goes through. */
    enum Bank {
        /** The sandbox bank through {@code oauth-data-api}: sign-in, then straight back. */
        SANDBOX("sandbox", false),
        /**
         * The OB sandbox bank through {@code uk-ob-ais}: our server creates the consent and signs the request object
         * first; after sign-in the customer shares every account on the bank's account-selection page.
         */
        UK_OB("ob-sandbox", true);

        final String id;
        final boolean selectsAccounts;

        Bank(String id, boolean selectsAccounts) {
            this.id = id;
            this.selectsAccounts = selectsAccounts;
        }
    }

    /**
     * A bank measured, and its rows: the whole flow; our own hops, the flow less the bank's pages, the bank's server and
     * our first sync; of those, our server's answers, the round trips of the requests to us (the partner's code exchange
     * included) less the bank's server and our first sync, which leaves apart the browser's own time between requests
     * (reading our pages, following redirects); the bank's pages; the time our server waited on the bank's server (its
     * token endpoint and API); our own part of the first sync that the redirect waited for (the wait less the sync's
     * reading of the bank).
     */
    record Route(Bank bank, String flow, String ownHops, String ourAnswers, String bankPages, String bankServer, String firstSync) {
    }

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
        return connect(newBrowser(), Bank.SANDBOX, dataScopes,
                "{\"id_token\":{\"sub\":{\"value\":\"" + userId + "\"},\"mh:con_id\":{\"essential\":true}}}", customer).tokens();
    }

    /**
     * Flow 1 (one-time access, a new profile each time) through each route in turn, flow by flow, for
     * {@code duration} and at least once each, so that the machine's drift falls on every route alike. Per route: the
     * whole flow; the bank's own pages (the sign-in page, the password check and, at the OB sandbox, the account
     * selection), which stand in for a real bank's; the bank's server, the time our server waited on the bank's token
     * endpoint and API within the flow (its timer {@code of_bank_http_seconds}, read before and after each flow; no
     * other flow runs meanwhile); our first sync, the time the redirect to the partner waited for the connection's first
     * sync ({@code of_first_sync_wait_seconds}) less the sync's reading of the bank ({@code of_bank_call_seconds{call="data"}},
     * whose exchanges are in the bank's server already): our writes of the store; and our own hops, the rest. Each route's
     * throughput is over its own flows' time. The last flow of each route must read its accounts at the Data API, or its
     * row counts one failure; a flow whose timers did not read right is left out of the rows made from them, and counts
     * as their failure.
     */
    List<Measurement> measure(List<Route> routes, Duration duration) {
        Map<Route, List<Timing>> timings = new LinkedHashMap<>();
        routes.forEach(route -> timings.put(route, new ArrayList<>()));
        Map<Route, JsonNode> lastTokens = new LinkedHashMap<>();
        long end = System.nanoTime() + duration.toNanos();
        do {
            for (Route route : routes) {
                Browser browser = newBrowser();
                Api.BankTimers before = api.bankTimers(route.bank().id);
                long began = System.nanoTime();
                Connected connected = connect(browser, route.bank(), MEASURED_SCOPES, null, CUSTOMER);
                long took = System.nanoTime() - began;
                Api.BankTimers after = api.bankTimers(route.bank().id);
                lastTokens.put(route, connected.tokens());
                timings.get(route).add(new Timing(took, browser.bankNanos(), browser.ourAnswersNanos() + connected.exchangeNanos(),
                        after.httpNanos() - before.httpNanos(),
                        (after.firstSyncWaitNanos() - before.firstSyncWaitNanos()) - (after.dataReadNanos() - before.dataReadNanos())));
            }
        } while (System.nanoTime() < end);
        List<Measurement> measured = new ArrayList<>();
        for (Route route : routes) {
            List<Timing> flows = timings.get(route);
            double seconds = flows.stream().mapToLong(Timing::flow).sum() / 1e9;
            long failed = readsAccounts(lastTokens.get(route)) ? 0 : 1;
            measured.add(measurement(route.flow(), flows.stream().map(Timing::flow).toList(), seconds, failed));
            List<Timing> read = flows.stream().filter(Timing::bankServerRead).toList();
            if (read.size() < flows.size()) {
                System.out.println("  " + (flows.size() - read.size()) + " of " + flows.size() + " flows through " + route.bank().id
                        + ": the server's timers did not read right (none, or more than the flow's requests to us)");
            }
            measured.add(measurement(route.ownHops(), read.stream().map(Timing::ownHops).toList(), seconds, flows.size() - read.size()));
            measured.add(measurement(route.ourAnswers(), read.stream().map(Timing::ourAnswers).toList(), seconds, flows.size() - read.size()));
            measured.add(measurement(route.bankPages(), flows.stream().map(Timing::bankPages).toList(), seconds, 0));
            measured.add(measurement(route.bankServer(), read.stream().map(Timing::bankServer).toList(), seconds, flows.size() - read.size()));
            measured.add(measurement(route.firstSync(), read.stream().map(Timing::firstSync).toList(), seconds, flows.size() - read.size()));
        }
        return measured;
    }

    /**
     * One flow's times, in nanoseconds; {@code requestsToUs}: the round trips of its requests to our server, the
     * partner's code exchange included; {@code firstSync}: the redirect's wait for it less the sync's reading of the bank.
     */
    private record Timing(long flow, long bankPages, long requestsToUs, long bankServer, long firstSync) {

        /**
         * Every flow calls the bank's token endpoint from our server within one of our requests, and waits for a first
         * sync: a flow whose bank server time or first sync is none, or more than its requests to us took, was not read
         * right.
         */
        boolean bankServerRead() {
            return bankServer > 0 && firstSync > 0 && bankServer + firstSync <= requestsToUs;
        }

        long ownHops() {
            return flow - bankPages - bankServer - firstSync;
        }

        long ourAnswers() {
            return requestsToUs - bankServer - firstSync;
        }
    }

    /** A flow's tokens, and how long the partner's code exchange that answered them took. */
    private record Connected(JsonNode tokens, long exchangeNanos) {
    }

    private Connected connect(Browser browser, Bank bank, String dataScopes, String claims, String customer) {
        Map<String, String> query = new LinkedHashMap<>(Map.of("response_type", "code", "client_id", PARTNER,
                "redirect_uri", REDIRECT_URI, "scope", "openid id:" + bank.id + " " + dataScopes,
                "state", UUID.randomUUID().toString(), "nonce", UUID.randomUUID().toString()));
        if (claims != null) {
            query.put("claims", claims);
        }
        Browser.Stop consent = browser.open(URI.create(api.realmUrl() + "/protocol/openid-connect/auth?" + Api.form(query)));
        Browser.Stop signIn = browser.submit(consent, Map.of("decision", "agree"));
        Browser.Stop back = browser.submit(signIn, Map.of("username", customer, "password", customer + "-sandbox"));
        if (bank.selectsAccounts) {
            back = browser.submitTickingEvery(back, "account", Map.of("decision", "share"));
        }
        if (back.callback() == null) {
            throw new IllegalStateException("the flow did not come back to the partner; it stopped at " + back.url());
        }
        String code = queryParameter(back.callback(), "code");
        HttpRequest exchange = HttpRequest.newBuilder(URI.create(api.realmUrl() + "/protocol/openid-connect/token"))
                .header("Authorization", Api.basic(PARTNER, PARTNER_SECRET)).header("Content-Type", Api.FORM)
                .POST(HttpRequest.BodyPublishers.ofString(Api.form(Map.of("grant_type", "authorization_code",
                        "code", code, "redirect_uri", REDIRECT_URI)))).build();
        long began = System.nanoTime();
        HttpResponse<String> answer = api.send(exchange);
        return new Connected(Api.expect(200, answer), System.nanoTime() - began);
    }

    /** Whether the flow's access token reads at least one account: its first sync went through the connector. */
    private boolean readsAccounts(JsonNode tokens) {
        long until = System.nanoTime() + SYNCED_WITHIN.toNanos();
        String accounts = api.realmUrl() + "/data/accounts";
        while (api.getJson(accounts, tokens.get("access_token").asText()).get("data").isEmpty()) {
            if (System.nanoTime() > until) {
                System.out.println("  a connect flow's first sync stored no account within " + SYNCED_WITHIN.toSeconds() + " s");
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        return true;
    }

    private static Browser newBrowser() {
        return new Browser(REDIRECT_URI, BANK_REALM_PATH);
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

    private static Measurement measurement(String operation, List<Long> nanos, double seconds, long failed) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return new Measurement(operation, sorted.size(), seconds, failed, percentile(sorted, 50), percentile(sorted, 99));
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
