package io.openfinance.identity.bench;

import java.util.List;

/** The measurements on one server at one size; the stock reference is the first. */
record Step(Database database, int banks, long profiles, List<Measurement> measurements) {

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
