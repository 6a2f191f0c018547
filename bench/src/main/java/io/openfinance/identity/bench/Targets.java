package io.openfinance.identity.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The targets of issue 11, judged on the steps of one run. A target is judged at the largest profile count the run
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

            if (!largest.alternation().isEmpty()) {
                List<Double> pairs = largest.alternatedSubRatios();
                double median = pairs.stream().sorted().toList().get(pairs.size() / 2);
                double tableRows = largest.get(Operations.SUB).perSecond() / largest.stock().perSecond();
                verdicts.add(verdict("client_credentials + sub >= 0.95x stock (900 banks, 1 000 000 profiles)", database,
                        median >= 0.95, largest.profiles() >= 1_000_000 && largest.banks() >= 900,
                        "%.2fx, the median of %d alternated pairs (%s; the table's rows %.2fx) %s".formatted(median, pairs.size(),
                                pairs.stream().map("%.2fx"::formatted).collect(Collectors.joining(", ")), tableRows, at)));
            }

            if (oneBank.isPresent() && manyBanks.isPresent()) {
                double kept = manyBanks.get().get(Operations.PARTNER_CC).perSecond() / oneBank.get().get(Operations.PARTNER_CC).perSecond();
                verdicts.add(new Verdict("a partner with 900 banks pays <= 10% at the token endpoint vs 1 bank", database.label,
                        kept >= 0.90 ? "PASS" : "FAIL", "%.0f%% of the 1-bank throughput (%d banks)".formatted(kept * 100, manyBanks.get().banks())));
            }

            double first = largest.get(Operations.USERS_FIRST).p99();
            double deep = largest.get(Operations.USERS_DEEP).p99();
            verdicts.add(verdict("GET /users first and deep page (links.next) p99 <= 50 ms (1 000 000 profiles)", database,
                    first <= 50 && deep <= 50, largest.profiles() >= 1_000_000, "first %.1f ms, deep %.1f ms (by offset %.1f ms) %s".formatted(
                            first, deep, largest.get(Operations.USERS_DEEP_OFFSET).p99(), at)));

            if (database == Database.POSTGRES) {
                double created = largest.get(Operations.POST_USERS).perSecond();
                verdicts.add(new Verdict("POST /users >= 500/s on PostgreSQL", database.label, created >= 500 ? "PASS" : "FAIL",
                        "%.0f/s (%.2fx the stock reference's rate, %.2fx Keycloak's own user creation's) %s".formatted(created,
                                created / largest.stock().perSecond(), created / largest.get(Operations.STOCK_CREATE_USER).perSecond(), at)));
            }

            manyBanks.filter(step -> step.has(Operations.CONNECT_FLOW)).ifPresent(step -> {
                double flow = step.get(Operations.CONNECT_FLOW).p50();
                verdicts.add(new Verdict("connect flow <= 150 ms server time (900 banks)", database.label, flow <= 150 ? "PASS" : "FAIL",
                        "p50 %.0f ms, p99 %.0f ms at %d banks; the sandbox bank's own pages p50 %.0f ms of it".formatted(flow,
                                step.get(Operations.CONNECT_FLOW).p99(), step.banks(), step.get(Operations.CONNECT_FLOW_BANK_PAGES).p50())));
            });
        }
        return verdicts;
    }

    /** A target stated at a size only passes when the run got there. */
    private static Verdict verdict(String target, Database database, boolean met, boolean atTargetSize, String measured) {
        return new Verdict(target, database.label, !met ? "FAIL" : atTargetSize ? "PASS" : "PASS below target size", measured);
    }
}
