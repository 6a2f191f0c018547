package io.openfinance.identity.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The targets of issues 11, 19, 20 and 23, judged on the steps of one run. A target is judged at the largest profile count the run
 * reached, which the verdict names: a run cut short for time says so instead of passing.
 */
final class Targets {

    record Verdict(String target, String database, String result, String measured) {
    }

    private Targets() {
    }

    static List<Verdict> judge(List<Step> steps) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Database database : Database.values()) {
            List<Step> ofDatabase = steps.stream().filter(s -> s.database() == database).toList();
            if (ofDatabase.isEmpty()) {
                continue;
            }
            Optional<Step> oneBank = ofDatabase.stream().filter(s -> s.banks() == 1).findFirst();
            Optional<Step> manyBanks = ofDatabase.stream().filter(s -> s.banks() > 1).findFirst();
            Step largest = ofDatabase.stream().max(Comparator.comparingLong(Step::profiles).thenComparingInt(Step::banks)).orElseThrow();
            String at = "at " + largest.banks() + " banks, " + largest.profiles() + " profiles";

            if (largest.alternated(Operations.SUB)) {
                boolean atSize = largest.profiles() >= 1_000_000 && largest.banks() >= 900;
                String size = "(900 banks, 1 000 000 profiles)";
                verdicts.add(alternated("client_credentials + sub >= 0.90x the partner's plain client_credentials " + size, database,
                        largest, Operations.SUB, Operations.PARTNER_CC, 0.90, atSize, at));
                verdicts.add(alternated("jwt-bearer >= 0.90x the partner's plain client_credentials " + size, database,
                        largest, Operations.JWT_BEARER, Operations.PARTNER_CC, 0.90, atSize, at));
                String peerAt = at + keycloakCeiling(largest);
                verdicts.add(alternated("client_credentials + sub >= 1.0x node-oidc-provider's client_credentials, HS512 " + size,
                        database, largest, Operations.SUB, Operations.PEER_HS512, 1.0, atSize, peerAt));
                verdicts.add(alternated("partner's plain client_credentials >= 1.5x node-oidc-provider's, HS512 " + size,
                        database, largest, Operations.PARTNER_CC, Operations.PEER_HS512, 1.5, atSize, peerAt));
                verdicts.add(alternated("client_credentials + sub >= 0.95x stock, HS512 " + size, database,
                        largest, Operations.SUB, Operations.STOCK, 0.95, atSize, at));
            }

            if (oneBank.isPresent() && manyBanks.isPresent() && oneBank.get().has(Operations.PARTNER_CC) && manyBanks.get().has(Operations.PARTNER_CC)) {
                double kept = manyBanks.get().get(Operations.PARTNER_CC).perSecond() / oneBank.get().get(Operations.PARTNER_CC).perSecond();
                verdicts.add(new Verdict("a partner with 900 banks pays <= 10% at the token endpoint vs 1 bank", database.label,
                        kept >= 0.90 ? "PASS" : "FAIL", "%.0f%% of the 1-bank throughput (%d banks)".formatted(kept * 100, manyBanks.get().banks())));
            }

            if (largest.has(Operations.USERS_FIRST)) {
                double first = largest.get(Operations.USERS_FIRST).p99();
                double deep = largest.get(Operations.USERS_DEEP).p99();
                verdicts.add(verdict("GET /users first and deep page (links.next) p99 <= 50 ms (1 000 000 profiles)", database,
                        first <= 50 && deep <= 50, largest.profiles() >= 1_000_000, "first %.1f ms, deep %.1f ms (by offset %.1f ms) %s".formatted(
                                first, deep, largest.get(Operations.USERS_DEEP_OFFSET).p99(), at)));
            }

            Step mostData = ofDatabase.stream().filter(s -> s.banks() > 1 && s.alternated(Operations.ACCOUNTS))
                    .max(Comparator.comparingLong(Step::transactions)).orElse(null);
            if (mostData != null) {
                verdicts.addAll(store(database, mostData));
            }

            if (database == Database.POSTGRES && largest.has(Operations.POST_USERS)) {
                double created = largest.get(Operations.POST_USERS).perSecond();
                verdicts.add(new Verdict("POST /users >= 500/s on PostgreSQL", database.label, created >= 500 ? "PASS" : "FAIL",
                        "%.0f/s (%.2fx the stock reference's rate, %.2fx Keycloak's own user creation's) %s".formatted(created,
                                created / largest.stock().perSecond(), created / largest.get(Operations.STOCK_CREATE_USER).perSecond(), at)));
            }

            manyBanks.filter(step -> step.has(Operations.CONNECT_FLOW_OWN_HOPS)).ifPresent(step -> {
                Measurement ours = step.get(Operations.CONNECT_FLOW_OWN_HOPS);
                verdicts.add(new Verdict("connect flow: our own hops <= 30 ms p50 (900 banks)", database.label,
                        ours.p50() <= 30 ? "PASS" : "FAIL", ("p50 %.1f ms, p99 %.1f ms at %d banks, of which our server's answers p50 %.1f ms, the rest "
                                + "the browser's time between requests (the whole flow p50 %.0f ms; the bank's pages %.0f ms, its server %.0f ms; our first sync %.0f ms)").formatted(
                                ours.p50(), ours.p99(), step.banks(), step.get(Operations.CONNECT_FLOW_OUR_ANSWERS).p50(), step.get(Operations.CONNECT_FLOW).p50(),
                                step.get(Operations.CONNECT_FLOW_BANK_PAGES).p50(), step.get(Operations.CONNECT_FLOW_BANK_SERVER).p50(),
                                step.get(Operations.CONNECT_FLOW_FIRST_SYNC).p50())));
            });
            manyBanks.filter(step -> step.has(Operations.CONNECT_FLOW)).ifPresent(step -> {
                double flow = step.get(Operations.CONNECT_FLOW).p50();
                verdicts.add(new Verdict("connect flow <= 150 ms server time (900 banks)", database.label, flow <= 150 ? "PASS" : "FAIL",
                        "p50 %.0f ms, p99 %.0f ms at %d banks; the sandbox bank's own pages p50 %.0f ms of it".formatted(flow,
                                step.get(Operations.CONNECT_FLOW).p99(), step.banks(), step.get(Operations.CONNECT_FLOW_BANK_PAGES).p50())));
            });
            manyBanks.filter(step -> step.has(Operations.UK_CONNECT_FLOW_OWN_HOPS)).ifPresent(step -> verdicts.add(ukConnectFlow(database, step)));
        }
        return verdicts;
    }

    /**
     * What the peer targets ask of Keycloak itself, measured in the same rounds: its lightest endpoint's rate against the
     * peer's token rate, and its own token endpoint's in a realm with nothing of ours. A token endpoint does the lightest
     * endpoint's work and more (client authentication, a signature, an audit event), so a ratio the lightest endpoint
     * does not reach is out of reach for any grant on this machine.
     */
    private static String keycloakCeiling(Step step) {
        if (!step.alternated(Operations.KEYCLOAK_CEILING)) {
            return "";
        }
        return ("; in the same rounds Keycloak's lightest endpoint (the realm's JWKS, no token) answered %s the peer and stock"
                + " Keycloak's client_credentials in a fresh realm %s").formatted(peerRatios(step, Operations.KEYCLOAK_CEILING),
                peerRatios(step, Operations.KEYCLOAK_BARE));
    }

    /** The median of the rounds' ratios to the peer, then each round's. */
    private static String peerRatios(Step step, String operation) {
        List<Double> rounds = step.alternatedRatios(operation, Operations.PEER_HS512);
        return "%.2fx (%s)".formatted(rounds.stream().sorted().toList().get(rounds.size() / 2),
                rounds.stream().map("%.2fx"::formatted).collect(Collectors.joining(", ")));
    }

    /**
     * Issue 20's target: the UK OB connect flow costs our server at most 1.5x what the {@code oauth-data-api} flow does,
     * the two measured flow by flow in the same step. Judged on our own hops (p50), the flows less the banks' pages and
     * the time our server waited on the banks' servers: the OB sandbox shows one page more (account selection), which a
     * real bank's pages replace, and its API takes more calls (consent, pushed request, balances). The whole flows'
     * ratio is printed beside it.
     */
    private static Verdict ukConnectFlow(Database database, Step step) {
        Measurement ours = step.get(Operations.CONNECT_FLOW_OWN_HOPS);
        Measurement ukOurs = step.get(Operations.UK_CONNECT_FLOW_OWN_HOPS);
        Measurement flow = step.get(Operations.CONNECT_FLOW);
        Measurement ukFlow = step.get(Operations.UK_CONNECT_FLOW);
        double ratio = ukOurs.p50() / ours.p50();
        return new Verdict("UK OB connect flow: our own hops <= 1.5x the oauth-data-api flow's (server time, the banks' pages and servers apart; 900 banks)",
                database.label, ratio <= 1.5 ? "PASS" : "FAIL",
                ("%.2fx: our own hops p50 %.1f ms (ob-sandbox) vs %.1f ms (sandbox), p99 %.1f vs %.1f ms, %d and %d flows alternated one by one "
                        + "at %d banks; the whole flows %.2fx (p50 %.0f vs %.0f ms; the banks' own pages %.0f vs %.0f ms)").formatted(
                        ratio, ukOurs.p50(), ours.p50(), ukOurs.p99(), ours.p99(), ukFlow.count(), flow.count(), step.banks(),
                        ukFlow.p50() / flow.p50(), ukFlow.p50(), flow.p50(), step.get(Operations.UK_CONNECT_FLOW_BANK_PAGES).p50(),
                        step.get(Operations.CONNECT_FLOW_BANK_PAGES).p50()));
    }

    /**
     * Issue 19's targets at the step with the most stored transactions (at many banks): each Data API read of the store
     * >= 1.0x the stock reference on the median of the alternated rounds, with p99 <= 30 ms (the table's row and every
     * round's); a sync of the 5 000-transaction account <= 2 s of server time (median of the runs).
     */
    private static List<Verdict> store(Database database, Step step) {
        boolean atSize = step.banks() >= 900 && step.transactions() >= 1_000_000;
        String at = "at %d banks, %,d stored transactions over %,d connections".formatted(step.banks(), step.transactions(), step.connections());
        List<Verdict> verdicts = new ArrayList<>();
        for (String read : Operations.DATA_READS) {
            List<Double> rounds = step.alternatedRatios(read, Operations.STOCK);
            double median = rounds.stream().sorted().toList().get(rounds.size() / 2);
            List<Double> p99s = new ArrayList<>(step.rounds().stream().map(round -> round.get(read).p99()).toList());
            p99s.add(0, step.get(read).p99());
            double worst = p99s.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            verdicts.add(verdict(read + " >= 1.0x stock, p99 <= 30 ms (900 banks, 1 000 000 stored transactions)", database,
                    median >= 1.0 && worst <= 30, atSize, "%.2fx, the median of %d alternated rounds (%s; the table's rows %.2fx); p99 %s ms %s"
                            .formatted(median, rounds.size(), rounds.stream().map("%.2fx"::formatted).collect(Collectors.joining(", ")),
                                    step.get(read).perSecond() / step.stock().perSecond(),
                                    p99s.stream().map("%.1f"::formatted).collect(Collectors.joining(", ")), at)));
        }
        if (step.has(Operations.SYNC_ON_DEMAND)) {
            Measurement onDemand = step.get(Operations.SYNC_ON_DEMAND);
            Measurement first = step.get(Operations.SYNC_FIRST);
            verdicts.add(new Verdict("a sync of a 5 000-transaction account <= 2 s server time", database.label,
                    onDemand.p50() <= 2000 && first.p50() <= 2000 ? "PASS" : "FAIL",
                    "median of %d runs: at connect (adds 5 000) %.0f ms, the partner's attended sync (reads 5 000, changes none) %.0f ms, %.0f ms over HTTP"
                            .formatted(onDemand.count(), first.p50(), onDemand.p50(), step.get(Operations.SYNC_ON_DEMAND_HTTP).p50())));
        }
        return verdicts;
    }

    /**
     * A throughput ratio judged on the median of the step's alternated rounds, not on two table rows measured minutes
     * apart: this shared machine's speed drifts between them by more than the targets' margins.
     */
    private static Verdict alternated(String target, Database database, Step step, String candidate, String reference,
                                      double threshold, boolean atTargetSize, String at) {
        List<Double> rounds = step.alternatedRatios(candidate, reference);
        double median = rounds.stream().sorted().toList().get(rounds.size() / 2);
        double tableRows = step.get(candidate).perSecond() / step.get(reference).perSecond();
        return verdict(target, database, median >= threshold, atTargetSize,
                "%.2fx, the median of %d alternated rounds (%s; the table's rows %.2fx) %s".formatted(median, rounds.size(),
                        rounds.stream().map("%.2fx"::formatted).collect(Collectors.joining(", ")), tableRows, at));
    }

    /** A target stated at a size only passes when the run got there. */
    private static Verdict verdict(String target, Database database, boolean met, boolean atTargetSize, String measured) {
        return new Verdict(target, database.label, !met ? "FAIL" : atTargetSize ? "PASS" : "PASS below target size", measured);
    }
}
