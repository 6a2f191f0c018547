package io.openfinance.identity.bench;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The measurements on one server at one size; the stock reference is the first. {@code connections}: the bulk-loaded
 * connections of the store, {@link StoreLoader#PER_CONNECTION} transactions each. {@code rounds}: the rows
 * {@link Operations#alternate()} measured in turn, round after round, or nothing.
 */
record Step(Database database, int banks, long profiles, long connections, List<Measurement> measurements,
            List<Map<String, Measurement>> rounds) {

    long transactions() {
        return connections * StoreLoader.PER_CONNECTION;
    }

    boolean alternated(String operation) {
        return !rounds.isEmpty() && rounds.get(0).containsKey(operation);
    }

    /** {@code candidate}'s throughput over {@code reference}'s, round by round. */
    List<Double> alternatedRatios(String candidate, String reference) {
        return rounds.stream().map(round -> round.get(candidate).perSecond() / round.get(reference).perSecond()).toList();
    }

    Stream<Measurement> all() {
        return Stream.concat(measurements.stream(), rounds.stream().flatMap(round -> round.values().stream()));
    }

    Measurement stock() {
        return measurements.get(0);
    }

    boolean has(String operation) {
        return measurements.stream().anyMatch(m -> m.operation().equals(operation));
    }

    Measurement get(String operation) {
        return measurements.stream().filter(m -> m.operation().equals(operation)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not measured: " + operation));
    }
}
