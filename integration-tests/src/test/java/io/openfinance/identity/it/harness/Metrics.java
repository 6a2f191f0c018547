package io.openfinance.identity.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

/** What a server's management port reports on {@code /metrics}, in the Prometheus text format. */
public final class Metrics {

    private Metrics() {
    }

    /** The sum of a metric's samples whose labels include all of {@code labels}; 0 before its first use. */
    public static double sum(KeycloakServer server, String name, String... labels) {
        Http.Answer answer = Http.get(server.managementUrl() + "/metrics", null);
        assertEquals(200, answer.status());
        return answer.body().lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
