package io.openfinance.identity.events;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Literal addresses and {@code localhost} only: nothing here asks a DNS server. */
class EventDestinationsTest {

    private final EventDestinations production = EventDestinations.of(false, "");

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "127.0.0.1", "127.0.1.1", "2130706433",
            "0.0.0.0", "169.254.169.254", "100.100.100.200", "224.0.0.1", "255.255.255.255", "::1", "[::1]", "::",
            "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
            "::10.0.0.1", "localhost"})
    void internalAddressesAreRefusedInProduction(String host) {
        assertThrows(EventDestinations.Refused.class, () -> production.resolve(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"})
    void publicAddressesAreAllowed(String host) {
        assertDoesNotThrow(() -> production.resolve(host));
    }

    @Test
    void exceptionsAllowNamesAndBlocks() throws Exception {
        EventDestinations destinations = EventDestinations.of(false, " localhost , 10.1.0.0/16,fd00::/8, 192.168.7.7");
        assertDoesNotThrow(() -> destinations.resolve("localhost"));
        assertDoesNotThrow(() -> destinations.resolve("10.1.200.3"));
        assertDoesNotThrow(() -> destinations.resolve("fd00::5"));
        assertDoesNotThrow(() -> destinations.resolve("192.168.7.7"));
        assertThrows(EventDestinations.Refused.class, () -> destinations.resolve("10.2.0.1"));
        assertThrows(EventDestinations.Refused.class, () -> destinations.resolve("192.168.7.8"));
        assertThrows(EventDestinations.Refused.class, () -> destinations.resolve("127.0.0.1"));
        assertTrue(destinations.allowsScheme(URI.create("http://localhost:8080/events")));
        assertTrue(destinations.allowsScheme(URI.create("http://10.1.0.9/events")));
        assertFalse(destinations.allowsScheme(URI.create("http://127.0.0.1/events")));
    }

    @Test
    void plainHttpOnlyInDevelopmentMode() {
        assertTrue(production.allowsScheme(URI.create("https://partner.example/events")));
        assertFalse(production.allowsScheme(URI.create("http://partner.example/events")));
        assertFalse(production.allowsScheme(URI.create("http://localhost:3000/events")));
        assertTrue(EventDestinations.of(true, "").allowsScheme(URI.create("http://localhost:3000/events")));
    }

    @Test
    void developmentModeSendsAnywhere() {
        assertDoesNotThrow(() -> EventDestinations.of(true, "").resolve("10.0.0.1"));
        assertDoesNotThrow(() -> EventDestinations.of(true, "").resolve("127.0.0.1"));
    }

    @Test
    void aBadExceptionStopsTheServerFromStarting() {
        assertThrows(IllegalArgumentException.class, () -> EventDestinations.of(false, "10.0.0.0/33"));
    }
}
