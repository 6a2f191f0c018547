package io.openfinance.identity.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place in a transaction listing: the (bookedAt, id) of the last transaction of a page, the index's own order, so
 * that the next page starts with one index seek. Opaque to partners; unsigned, because a listing only ever walks
 * what the token may see: a forged cursor moves within it.
 */
public record TransactionCursor(long bookedAt, String id) {

    private static final int MAX_ENCODED = 80;
    private static final Pattern DECODED = Pattern.compile("(-?\\d{1,18})\\.([A-Za-z0-9-]{1,36})");

    public static TransactionCursor after(StoredTransaction transaction) {
        return new TransactionCursor(transaction.bank().bookedAt().toEpochMilli(), transaction.id());
    }

    /** @throws IllegalArgumentException when {@code encoded} is no cursor this service gives */
    public static TransactionCursor decode(String encoded) {
        IllegalArgumentException foreign = new IllegalArgumentException("cursor is not one this service gave");
        if (encoded.isEmpty() || encoded.length() > MAX_ENCODED) {
            throw foreign;
        }
        Matcher parts;
        try {
            parts = DECODED.matcher(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            throw foreign;
        }
        if (!parts.matches()) {
            throw foreign;
        }
        return new TransactionCursor(Long.parseLong(parts.group(1)), parts.group(2));
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((bookedAt + "." + id).getBytes(StandardCharsets.UTF_8));
    }
}
