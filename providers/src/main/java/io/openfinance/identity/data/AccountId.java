package io.openfinance.identity.data;

import io.openfinance.identity.rest.ApiError;

/** An account as the Data API names it: the connection it came through and the bank's own account id. */
record AccountId(String connectionId, String bankAccountId) {

    private static final String SEPARATOR = ".";

    static AccountId parse(String value) {
        int dot = value == null ? -1 : value.indexOf(SEPARATOR);
        if (dot <= 0 || dot == value.length() - 1 || value.length() > 300) {
            throw ApiError.notFound("Account");
        }
        return new AccountId(value.substring(0, dot), value.substring(dot + 1));
    }

    @Override
    public String toString() {
        return connectionId + SEPARATOR + bankAccountId;
    }
}
