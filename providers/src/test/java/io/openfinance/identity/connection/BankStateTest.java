package io.openfinance.identity.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BankStateTest {

    @Test
    void decodesSecretTabAndClient() {
        BankState state = BankState.decode("s3cret.tab1.client-uuid").orElseThrow();

        assertEquals(new BankState("s3cret", "tab1", "client-uuid"), state);
        assertTrue(state.matches("s3cret"));
        assertFalse(state.matches("s3creT"));
        assertFalse(state.matches(null));
    }

    @Test
    void refusesMalformedStates() {
        for (String malformed : new String[]{null, "", "a.b", "a.b.c.d", "a..c", ".b.c", "x".repeat(600) + ".b.c"}) {
            assertTrue(BankState.decode(malformed).isEmpty(), String.valueOf(malformed));
        }
    }
}
