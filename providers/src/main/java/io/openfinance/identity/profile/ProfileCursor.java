package io.openfinance.identity.profile;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place in a partner's listing: the (createdAt, id) of the last profile of a page, the listing index's own order,
 * so that the next page starts with one index seek however deep it is. Partners get it opaque (base64url); it needs
 * no signature, because the listing only ever walks the caller's own profiles: a forged cursor moves within them.
 */
public record ProfileCursor(long createdAt, String id) {

    private static final int MAX_ENCODED = 80;
    private static final Pattern DECODED = Pattern.compile("(\\d{1,18})\\.([A-Za-z0-9-]{1,36})");

    public static ProfileCursor after(ProfileSummary profile) {
        return new ProfileCursor(profile.createdAt().toEpochMilli(), profile.id());
    }

    /** @throws IllegalArgumentException when {@code encoded} is no cursor this service gives */
    public static ProfileCursor decode(String encoded) {
        if (encoded.isEmpty() || encoded.length() > MAX_ENCODED) {
            throw new IllegalArgumentException("cursor is not one this service gave");
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("cursor is not one this service gave");
        }
        Matcher parts = DECODED.matcher(decoded);
        if (!parts.matches()) {
            throw new IllegalArgumentException("cursor is not one this service gave");
        }
        return new ProfileCursor(Long.parseLong(parts.group(1)), parts.group(2));
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((createdAt + "." + id).getBytes(StandardCharsets.UTF_8));
    }
}
