package io.openfinance.identity.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Every benchmarked operation, measured once on the fixture as it is now; the stock reference first. */
final class Operations {

    static final String STOCK = "client_credentials (stock reference)";
    static final String PARTNER_CC = "client_credentials, partner with the banks";
    static final String SUB = "client_credentials + sub";
    static final String POST_USERS = "POST /users";
    /** Keycloak's own user creation, the stock reference for {@code POST /users}: its admin API, as the bootstrap admin. */
    static final String STOCK_CREATE_USER = "stock Keycloak's user creation (admin API)";
    static final String USERS_FIRST = "GET /users?limit=10 (first page)";
    static final String USERS_DEEP = "GET /users?limit=10 (deep page, links.next cursor)";
    static final String USERS_DEEP_OFFSET = "GET /users?limit=10 (deep page, offset)";
    static final String CONNECTIONS = "GET /users/{id}/connections";
    static final String ACCOUNTS = "GET /data/accounts";
    static final String TRANSACTIONS = "GET /data/transactions";
    static final String CONNECT_FLOW = "connect flow (auth, consent, bank, code, tokens)";
    static final String CONNECT_FLOW_BANK_PAGES = "connect flow: of which the sandbox bank's own pages";

    static final int ALTERNATIONS = 3;

    private final Fixture fixture;
    private final Wrk wrk;
    private final Duration duration;
    private final Duration warmUp;

    private final boolean profilesOnly;

    /** @param profilesOnly the stock reference and the users API only, as {@code -Dbench.operations=profiles} asks */
    Operations(Fixture fixture, Wrk wrk, Duration duration, Duration warmUp, boolean profilesOnly) {
        this.fixture = fixture;
        this.wrk = wrk;
        this.duration = duration;
        this.warmUp = warmUp;
        this.profilesOnly = profilesOnly;
    }

    List<Measurement> measureAll() {
        Api api = fixture.server.api;
        String users = api.realmUrl() + "/users";
        List<Measurement> results = new ArrayList<>();
        // Measured first, so its warm-up is also the JIT's for the token endpoint that the next two rows share.
        results.add(load(STOCK, stockRequest(), warmUp.multipliedBy(3)));
        if (!profilesOnly) {
            results.add(load(PARTNER_CC, tokenRequest(ConnectFlow.PARTNER, ConnectFlow.PARTNER_SECRET, "grant_type=client_credentials")));
            results.add(load(SUB, subRequest()));
        }
        results.add(load(POST_USERS, Wrk.Request.createEach(users, Fixture.partnerToken(api, "user:create"), "clientUserId")));
        results.add(load(STOCK_CREATE_USER, Wrk.Request.createEach(api.adminUrl("/users"), api.adminToken(), "username")));
        String reader = Fixture.partnerToken(api, "user:read");
        results.add(load(USERS_FIRST, Wrk.Request.get(users + "?limit=10", reader)));
        results.add(load(USERS_DEEP, Wrk.Request.get(deepNextLink(api, users, reader), reader)));
        results.add(load(USERS_DEEP_OFFSET, Wrk.Request.get(users + "?limit=10&offset=" + deepOffset(), reader)));
        results.add(load(CONNECTIONS, Wrk.Request.get(users + "/" + fixture.connectedProfile + "/connections", reader)));
        if (profilesOnly) {
            return results;
        }
        results.add(load(ACCOUNTS, Wrk.Request.get(api.realmUrl() + "/data/accounts", fixture.dataToken())));
        results.add(load(TRANSACTIONS, Wrk.Request.get(api.realmUrl() + "/data/transactions", fixture.dataToken())));
        ConnectFlow flow = new ConnectFlow(api);
        flow.measure(CONNECT_FLOW, CONNECT_FLOW_BANK_PAGES, warmUp);
        flow.measure(CONNECT_FLOW, CONNECT_FLOW_BANK_PAGES, duration).forEach(measured -> results.add(print(measured)));
        return results;
    }

    /**
     * The stock reference and {@code + sub} measured in turn, {@value #ALTERNATIONS} times, so that their ratio is taken
     * between neighbours seconds apart rather than between rows minutes apart on a machine whose speed drifts.
     */
    List<Measurement> alternateStockAndSub() {
        if (profilesOnly) {
            return List.of();
        }
        List<Measurement> alternation = new ArrayList<>();
        for (int pair = 1; pair <= ALTERNATIONS; pair++) {
            alternation.add(print(wrk.run(STOCK + ", alternation " + pair, stockRequest(), duration)));
            alternation.add(print(wrk.run(SUB + ", alternation " + pair, subRequest(), duration)));
        }
        return alternation;
    }

    private Wrk.Request stockRequest() {
        return tokenRequest(Fixture.STOCK_CLIENT, Fixture.STOCK_SECRET, "grant_type=client_credentials");
    }

    private Wrk.Request subRequest() {
        return tokenRequest(ConnectFlow.PARTNER, ConnectFlow.PARTNER_SECRET,
                Api.form(Map.of("grant_type", "client_credentials", "scope", Fixture.DATA_SCOPES, "sub", fixture.connectedProfile)));
    }

    /** A token request of a client authenticated with its secret. */
    private Wrk.Request tokenRequest(String clientId, String secret, String body) {
        return Wrk.Request.form(fixture.server.api.realmUrl() + "/protocol/openid-connect/token",
                Map.of("Authorization", Api.basic(clientId, secret)), body);
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
        return load(operation, request, warmUp);
    }

    private Measurement load(String operation, Wrk.Request request, Duration warmUpFor) {
        wrk.run(operation, request, warmUpFor);
        return print(wrk.run(operation, request, duration));
    }

    private static Measurement print(Measurement measured) {
        System.out.printf("  %-52s %8.1f/s  p50 %7.2f ms  p99 %7.2f ms%s%n", measured.operation(), measured.perSecond(),
                measured.p50(), measured.p99(), measured.errors() == 0 ? "" : "  FAILED " + measured.errors());
        return measured;
    }
}
