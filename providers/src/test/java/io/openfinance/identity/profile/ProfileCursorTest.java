package io.openfinance.identity.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class ProfileCursorTest {

    @Test
    void aCursorNamesTheLastProfileOfAPageAndSaysNothingPlainly() {
        ProfileSummary last = new ProfileSummary("1c5e6f7a-0000-4000-8000-000000000042", "customer-42",
                Instant.ofEpochMilli(1_764_000_000_123L), null);
        String encoded = ProfileCursor.after(last).encode();

        assertTrue(encoded.matches("[A-Za-z0-9_-]+"), encoded);
        assertEquals(new ProfileCursor(1_764_000_000_123L, last.id()), ProfileCursor.decode(encoded));
    }

    @Test
    void hostileCursorsAreRefused() {
        for (String hostile : new String[]{"", "not base64!", "%00", "x".repeat(81), plain("42"), plain("-1.abc"),
                plain("1.abc'; drop table OF_PROFILE; --"), plain("1." + "a".repeat(37)), plain("1.a.b"),
                plain("99999999999999999999.abc"), plain("1.\u0000"), plain(".abc"), plain("1.")}) {
            assertThrows(IllegalArgumentException.class, () -> ProfileCursor.decode(hostile), hostile);
        }
    }

    private static String plain(String decoded) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
    }
}
