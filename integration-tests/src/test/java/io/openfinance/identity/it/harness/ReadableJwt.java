package io.openfinance.identity.it.harness;

import java.util.regex.Pattern;

/**
 * Whether a text holds a JWT anyone can read: a header and a claims set, base64url JSON objects (so each begins
 * {@code eyJ}, which is {@code {"}), joined by a dot. Sealed text, random base64url, holds {@code eyJ} in about one of
 * 260 000 places, a dot-joined pair of them never.
 */
public final class ReadableJwt {

    private static final Pattern HEADER_AND_CLAIMS = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.eyJ");

    private ReadableJwt() {
    }

    public static boolean in(String text) {
        return HEADER_AND_CLAIMS.matcher(text).find();
    }
}
