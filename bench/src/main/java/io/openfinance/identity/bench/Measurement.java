package io.openfinance.identity.bench;

/** One operation measured for a while: how many, how fast, how many failed. Latencies in milliseconds. */
record Measurement(String operation, long count, double seconds, long errors, double p50, double p99) {

    double perSecond() {
        return count / seconds;
    }
}
