package io.openfinance.identity.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/** Every benchmarked operation, measured once on the fixture as it is now; the stock reference first. */
final class Operations {

    /**
     * Which rows: {@code ALL}; {@code PROFILES}, the stock reference and the users API ({@code -Dbench.operations=profiles});
     * {@code STORE}, the stock reference, the Data API's reads of the bulk-loaded store and the large account's syncs
     * ({@code -Dbench.operations=store}); {@code CONNECT}, the stock reference and the connect flows
     * ({@code -Dbench.operations=connect}).
     */
    enum Rows { ALL, PROFILES, STORE, CONNECT }

    static final String STOCK = "client_credentials (stock reference, HS512)";
    static final String STOCK_RS256 = "client_credentials (stock client, RS256, no scope: information)";
    static final String PEER_HS512 = "node-oidc-provider client_credentials, HS512";
    static final String PEER_RS256 = "node-oidc-provider client_credentials, RS256";
    /**
     * Keycloak's lightest realm endpoint, a public document served from memory: the most any endpoint of the realm,
     * a token endpoint included, can answer on this machine. Information beside the peer's rows.
     */
    static final String KEYCLOAK_CEILING = "GET the realm's JWKS (Keycloak's lightest endpoint: information)";
    /** {@link Fixture#BARE_REALM}'s client: Keycloak's own token endpoint at its lightest. Information beside the peer's rows. */
    static final String KEYCLOAK_BARE = "client_credentials (stock Keycloak, a fresh realm, HS512: information)";
    static final String PARTNER_CC = "client_credentials, partner with the banks";
    static final String SUB = "client_credentials + sub";
    static final String JWT_BEARER = "jwt-bearer (the partner's RS256 assertion)";
    /** The peer row each token row is compared with: the one whose access tokens are signed the same way. */
    static final Map<String, String> PEER_OF = Map.of(STOCK, PEER_HS512, STOCK_RS256, PEER_RS256, PARTNER_CC, PEER_HS512,
            SUB, PEER_HS512, JWT_BEARER, PEER_HS512, KEYCLOAK_CEILING, PEER_HS512, KEYCLOAK_BARE, PEER_HS512);
    /** The rows of the partner's own tokens, whose fastest rate sizes a jwt-bearer run's assertions. */
    private static final Set<String> PARTNER_TOKEN_ROWS = Set.of(PARTNER_CC, SUB, JWT_BEARER);
    /** What each round of the alternation measures, in this order. */
    static final List<String> ALTERNATED = List.of(STOCK, PEER_HS512, KEYCLOAK_CEILING, KEYCLOAK_BARE, PARTNER_CC, SUB,
            JWT_BEARER);
    static final String POST_USERS = "POST /users";
    /** Keycloak's own user creation, the stock reference for {@code POST /users}: its admin API, as the bootstrap admin. */
    static final String STOCK_CREATE_USER = "stock Keycloak's user creation (admin API)";
    static final String USERS_FIRST = "GET /users?limit=10 (first page)";
    static final String USERS_DEEP = "GET /users?limit=10 (deep page, links.next cursor)";
    static final String USERS_DEEP_OFFSET = "GET /users?limit=10 (deep page, offset)";
    static final String CONNECTIONS = "GET /users/{id}/connections";
    static final String ACCOUNTS = "GET /data/accounts";
    static final String TRANSACTIONS_FIRST = "GET /data/transactions?limit=10 (first page)";
    static final String TRANSACTIONS_DEEP = "GET /data/transactions?limit=10 (deep page, links.next cursor)";
    /** The Data API's reads of the store, alternated with the stock reference as the token rows are. */
    static final List<String> DATA_READS = List.of(ACCOUNTS, TRANSACTIONS_FIRST, TRANSACTIONS_DEEP);
    static final String SYNC_FIRST = "sync of a 5 000-transaction account at connect (server time: the sync's record)";
    static final String SYNC_ON_DEMAND = "POST /data/sync/{id}, 5 000-transaction account, customer present (server time: the sync's record)";
    static final String SYNC_ON_DEMAND_HTTP = "POST /data/sync/{id}, 5 000-transaction account, customer present (HTTP)";
    static final String CONNECT_FLOW = "connect flow (auth, consent, bank, code, tokens)";
    static final String CONNECT_FLOW_BANK_PAGES = "connect flow: of which the sandbox bank's own pages";
    static final String CONNECT_FLOW_OWN_HOPS = "connect flow: our own hops (the flow less the bank's pages and server, and our first sync)";
    static final String CONNECT_FLOW_BANK_SERVER = "connect flow: of which the sandbox bank's API and token endpoint (server to server)";
    static final String UK_CONNECT_FLOW = "connect flow through the UK OB sandbox (ob-sandbox)";
    static final String UK_CONNECT_FLOW_OWN_HOPS = "UK OB connect flow: our own hops (the flow less the bank's pages and server, and our first sync)";
    static final String UK_CONNECT_FLOW_BANK_PAGES = "UK OB connect flow: of which the OB sandbox bank's own pages";
    static final String UK_CONNECT_FLOW_BANK_SERVER = "UK OB connect flow: of which the OB sandbox bank's API and token endpoint (server to server)";
    static final String CONNECT_FLOW_OUR_ANSWERS = "connect flow: of our own hops, our server's answers (the browser's time between requests apart)";
    static final String UK_CONNECT_FLOW_OUR_ANSWERS = "UK OB connect flow: of our own hops, our server's answers (the browser's time between requests apart)";
    static final String CONNECT_FLOW_FIRST_SYNC = "connect flow: of which our first sync the redirect waited for (its bank reads apart)";
    static final String UK_CONNECT_FLOW_FIRST_SYNC = "UK OB connect flow: of which our first sync the redirect waited for (its bank reads apart)";
    /** The connect flows, measured in turn flow by flow: the sandbox bank's ({@code oauth-data-api}), then the OB sandbox's. */
    static final List<ConnectFlow.Route> CONNECT_ROUTES = List.of(
            new ConnectFlow.Route(ConnectFlow.Bank.SANDBOX, CONNECT_FLOW, CONNECT_FLOW_OWN_HOPS, CONNECT_FLOW_OUR_ANSWERS,
                    CONNECT_FLOW_BANK_PAGES, CONNECT_FLOW_BANK_SERVER, CONNECT_FLOW_FIRST_SYNC),
            new ConnectFlow.Route(ConnectFlow.Bank.UK_OB, UK_CONNECT_FLOW, UK_CONNECT_FLOW_OWN_HOPS, UK_CONNECT_FLOW_OUR_ANSWERS,
                    UK_CONNECT_FLOW_BANK_PAGES, UK_CONNECT_FLOW_BANK_SERVER, UK_CONNECT_FLOW_FIRST_SYNC));

    /** The partner's plain rate before its first measurement: only sizes the first batch of assertions. */
    private static final double GUESSED_RATE = 500;

    private final Fixture fixture;
    private final Peer peer;
    private final Wrk wrk;
    private final Duration duration;
    private final Duration warmUp;
    private final Duration connectWarmUp;
    private final Rows rows;
    private final int syncRuns;
    private final int alternations;
    /** The Data API's reads of the store as loaded for the step being measured. */
    private DataReads reads;
    /**
     * The highest rate a partner's tokens have run at so far: how many assertions a jwt-bearer run may need. Not the
     * latest plain rate, which a cold round can put at a third of what the jwt-bearer run that follows reaches.
     */
    private double tokenRate = GUESSED_RATE;
    /**
     * Which of two files the next jwt-bearer run's assertions go to, so that a warm-up's and its measurement's can both
     * be written before either runs.
     */
    private int assertionFile;

    /**
     * @param peer          null unless all rows are measured
     * @param connectWarmUp how long the connect flows run before they are measured
     * @param syncRuns      how many times the large account's syncs are timed
     * @param alternations  how many rounds {@link #alternate()} measures
     */
    Operations(Fixture fixture, Peer peer, Wrk wrk, Duration duration, Duration warmUp, Duration connectWarmUp, Rows rows,
               int syncRuns, int alternations) {
        this.fixture = fixture;
        this.peer = peer;
        this.wrk = wrk;
        this.duration = duration;
        this.warmUp = warmUp;
        this.connectWarmUp = connectWarmUp;
        this.rows = rows;
        this.syncRuns = syncRuns;
        this.alternations = alternations;
    }

    List<Measurement> measureAll() {
        Api api = fixture.server.api;
        String users = api.realmUrl() + "/users";
        List<Measurement> results = new ArrayList<>();
        // Measured first, so its warm-up is also the JIT's for the token endpoint that the token rows after it share.
        results.add(load(STOCK, () -> request(STOCK), warmUp.multipliedBy(3)));
        if (rows == Rows.STORE) {
            results.addAll(storeRows());
            return results;
        }
        if (rows == Rows.CONNECT) {
            results.addAll(connectRows(api));
            return results;
        }
        if (rows == Rows.ALL) {
            for (String operation : List.of(STOCK_RS256, PEER_HS512, PEER_RS256, KEYCLOAK_CEILING, KEYCLOAK_BARE, PARTNER_CC, SUB,
                    JWT_BEARER)) {
                results.add(load(operation, () -> request(operation), warmUp));
            }
        }
        results.add(load(POST_USERS, Wrk.Request.createEach(users, Fixture.partnerToken(api, "user:create"), "clientUserId")));
        results.add(load(STOCK_CREATE_USER, Wrk.Request.createEach(api.adminUrl("/users"), api.adminToken(), "username")));
        String reader = Fixture.partnerToken(api, "user:read");
        results.add(load(USERS_FIRST, Wrk.Request.get(users + "?limit=10", reader)));
        results.add(load(USERS_DEEP, Wrk.Request.get(deepNextLink(api, users, reader), reader)));
        results.add(load(USERS_DEEP_OFFSET, Wrk.Request.get(users + "?limit=10&offset=" + deepOffset(), reader)));
        results.add(load(CONNECTIONS, Wrk.Request.get(users + "/" + fixture.connectedProfile + "/connections", reader)));
        if (rows == Rows.PROFILES) {
            return results;
        }
        results.addAll(connectRows(api));
        results.addAll(storeRows());
        return results;
    }

    /** Both connect flows, warmed up ({@code connectWarmUp}), then measured in turn. */
    private List<Measurement> connectRows(Api api) {
        ConnectFlow flow = new ConnectFlow(api);
        flow.measure(CONNECT_ROUTES, connectWarmUp);
        return flow.measure(CONNECT_ROUTES, duration).stream().map(Operations::print).toList();
    }

    /** The Data API's reads of the bulk-loaded store, spread over its profiles, then the large account's syncs. */
    private List<Measurement> storeRows() {
        reads = new DataReads(fixture, wrk);
        List<Measurement> results = new ArrayList<>();
        for (String operation : DATA_READS) {
            results.add(load(operation, () -> request(operation), warmUp));
        }
        new LargeSync(fixture.server.api).measure(SYNC_FIRST, SYNC_ON_DEMAND, SYNC_ON_DEMAND_HTTP, syncRuns)
                .forEach(measured -> results.add(print(measured)));
        return results;
    }

    /**
     * The {@link #ALTERNATED} token rows and the {@link #DATA_READS} (with the stock reference only, when only the store
     * is measured) in turn, round after round, so that their ratios are taken between neighbours seconds
     * apart rather than between rows minutes apart on a machine whose speed drifts.
     */
    List<Map<String, Measurement>> alternate() {
        if (rows == Rows.PROFILES || rows == Rows.CONNECT) {
            return List.of();
        }
        List<String> alternated = new ArrayList<>(rows == Rows.STORE ? List.of(STOCK) : ALTERNATED);
        alternated.addAll(DATA_READS);
        List<Map<String, Measurement>> rounds = new ArrayList<>();
        for (int round = 1; round <= alternations; round++) {
            // Signing the jwt-bearer's assertions takes both cores for seconds: made with the other token requests
            // before the round and its warm-up, no measured row follows a pause. The Data API's are made at their
            // rows, as their tokens live minutes.
            Map<String, Wrk.Request> requests = new LinkedHashMap<>();
            alternated.stream().filter(operation -> !DATA_READS.contains(operation))
                    .forEach(operation -> requests.put(operation, request(operation)));
            String first = alternated.get(0);
            wrk.run(first + ", alternation " + round + " warm-up", requests.get(first), warmUp);
            Map<String, Measurement> measured = new LinkedHashMap<>();
            for (String operation : alternated) {
                Wrk.Request request = requests.computeIfAbsent(operation, this::request);
                Measurement m = print(wrk.run(operation + ", alternation " + round, request, duration));
                measured.put(operation, new Measurement(operation, m.count(), m.seconds(), m.errors(), m.p50(), m.p99()));
                noteTokenRate(operation, m);
            }
            rounds.add(measured);
        }
        return rounds;
    }

    /** An alternated row's request, made anew for each run (single-use assertions, data tokens that live minutes). */
    private Wrk.Request request(String row) {
        return switch (row) {
            case STOCK -> tokenRequest(fixture.server.api.realmUrl(Fixture.STOCK_REALM), Fixture.STOCK_CLIENT,
                    Fixture.STOCK_SECRET, Api.form(Map.of("grant_type", "client_credentials", "scope", Fixture.PLAIN_SCOPES)));
            case STOCK_RS256 -> tokenRequest(fixture.server.api.realmUrl(Fixture.STOCK_REALM), Fixture.STOCK_RS256_CLIENT,
                    Fixture.STOCK_SECRET, "grant_type=client_credentials");
            case PEER_HS512 -> peer.tokenRequest(Peer.Signature.HS512);
            case PEER_RS256 -> peer.tokenRequest(Peer.Signature.RS256);
            case KEYCLOAK_CEILING -> Wrk.Request.get(fixture.server.api.realmUrl() + "/protocol/openid-connect/certs");
            case KEYCLOAK_BARE -> tokenRequest(fixture.server.api.realmUrl(Fixture.BARE_REALM), Fixture.BARE_CLIENT,
                    Fixture.STOCK_SECRET, "grant_type=client_credentials");
            case PARTNER_CC -> tokenRequest(ConnectFlow.PARTNER, ConnectFlow.PARTNER_SECRET,
                    Api.form(Map.of("grant_type", "client_credentials", "scope", Fixture.PLAIN_SCOPES)));
            case SUB -> tokenRequest(ConnectFlow.PARTNER, ConnectFlow.PARTNER_SECRET,
                    Api.form(Map.of("grant_type", "client_credentials", "scope", Fixture.DATA_SCOPES, "sub", fixture.connectedProfile)));
            case JWT_BEARER -> bearerRequest();
            case ACCOUNTS -> reads.accounts();
            case TRANSACTIONS_FIRST -> reads.firstPage();
            case TRANSACTIONS_DEEP -> reads.deepPage();
            default -> throw new IllegalArgumentException(row);
        };
    }

    /**
     * The partner authenticates with its secret, as for its plain token, and presents a new assertion each time: twice
     * as many as the fastest of its token rows would use in one run, so that running out shows as failures, never as a
     * quiet replay.
     */
    private Wrk.Request bearerRequest() {
        int count = (int) Math.ceil(tokenRate * 2 * Math.max(duration.toSeconds(), warmUp.toSeconds() * 3)) + 200;
        Path bodies = wrk.scripts().resolve("jwt-bearer-assertions-" + (assertionFile++ % 2) + ".txt");
        return Wrk.Request.formEach(fixture.server.api.realmUrl() + "/protocol/openid-connect/token",
                Map.of("Authorization", Api.basic(ConnectFlow.PARTNER, ConnectFlow.PARTNER_SECRET)),
                fixture.assertions.writeBodies(bodies, fixture.connectedProfile, Fixture.DATA_SCOPES, count));
    }

    /** A token request of a client authenticated with its secret. */
    private Wrk.Request tokenRequest(String clientId, String secret, String body) {
        return tokenRequest(fixture.server.api.realmUrl(), clientId, secret, body);
    }

    private static Wrk.Request tokenRequest(String realmUrl, String clientId, String secret, String body) {
        return Wrk.Request.form(realmUrl + "/protocol/openid-connect/token", Map.of("Authorization", Api.basic(clientId, secret)), body);
    }

    /** The last ten bulk-loaded profiles. */
    private long deepOffset() {
        return Math.max(0, fixture.profiles.loaded() - 10);
    }

    /** The {@code links.next} of the page before the deep one: what a partner walking the list follows there. */
    private String deepNextLink(Api api, String users, String reader) {
        JsonNode before = api.getJson(users + "?limit=10&offset=" + Math.max(0, deepOffset() - 10), reader);
        return before.get("links").get("next").asText();
    }

    private Measurement load(String operation, Wrk.Request request) {
        return load(operation, () -> request, warmUp);
    }

    /**
     * A warm-up, then the measurement; each with a request of its own (single-use assertions), both made first, so
     * that the measurement follows its warm-up at once.
     */
    private Measurement load(String operation, Supplier<Wrk.Request> request, Duration warmUpFor) {
        Wrk.Request warming = request.get();
        Wrk.Request measuring = request.get();
        wrk.run(operation, warming, warmUpFor);
        Measurement measured = print(wrk.run(operation, measuring, duration));
        noteTokenRate(operation, measured);
        return measured;
    }

    private void noteTokenRate(String operation, Measurement measured) {
        if (PARTNER_TOKEN_ROWS.contains(operation)) {
            tokenRate = Math.max(tokenRate, measured.perSecond());
        }
    }

    /** The console line; its end time (UTC) lets a JFR recording of the run be cut to one operation. */
    private static Measurement print(Measurement measured) {
        System.out.printf("  %-52s %8.1f/s  p50 %7.2f ms  p99 %7.2f ms  until %s%s%n", measured.operation(), measured.perSecond(),
                measured.p50(), measured.p99(), java.time.LocalTime.now(java.time.ZoneOffset.UTC).withNano(0),
                measured.errors() == 0 ? "" : "  FAILED " + measured.errors());
        return measured;
    }
}
