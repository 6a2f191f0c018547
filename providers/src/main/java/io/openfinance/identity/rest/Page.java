package io.openfinance.identity.rest;

/** A {@code limit}/{@code offset} pair read from a query, refused with 400 when out of range or not a number. */
public record Page(int limit, int offset) {

    public static Page of(String limit, String offset, PageSizes sizes) {
        int parsedLimit = number(limit, sizes.defaultSize(), "limit");
        int parsedOffset = number(offset, 0, "offset");
        if (parsedLimit < 1 || parsedLimit > sizes.max() || parsedOffset < 0) {
            throw ApiError.badRequest("limit must be 1 to " + sizes.max() + " and offset 0 or more");
        }
        return new Page(parsedLimit, parsedOffset);
    }

    private static int number(String value, int absent, String name) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be a whole number");
        }
    }
}
