package io.openfinance.identity.bench;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The measurements on one server at one size; the stock reference is the first. {@code alternation}: the stock
 * reference and {@code + sub} measured in turn (reference, candidate, reference, candidate, ...), or nothing.
 */
record Step(Database database, int banks, long profiles, List<Measurement> measurements, List<Measurement> alternation) {

    /** {@code + sub} over the stock reference, pair by pair. */
    List<Double> alternatedSubRatios() {
        return IntStream.range(0, alternation.size() / 2)
                .mapToObj(i -> alternation.get(2 * i + 1).perSecond() / alternation.get(2 * i).perSecond()).toList();
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
