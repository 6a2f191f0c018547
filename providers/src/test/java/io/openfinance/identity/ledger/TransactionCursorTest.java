package io.openfinance.identity.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class TransactionCursorTest {

    @Test
    void aCursorComesBackAsItWasGiven() {
        TransactionCursor cursor = new TransactionCursor(1_772_150_400_000L, "b27c2d4e-0000-4000-8000-000000000001");

        assertEquals(cursor, TransactionCursor.decode(cursor.encode()));
    }

    @Test
    void anythingElseIsRefused() {
        for (String foreign : new String[] {"", "not base64!", base64("1.2.3"), base64("x.abc"), base64("1.' or 1=1 --"),
                base64("1." + "a".repeat(37)), "A".repeat(81)}) {
            assertThrows(IllegalArgumentException.class, () -> TransactionCursor.decode(foreign), foreign);
        }
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
