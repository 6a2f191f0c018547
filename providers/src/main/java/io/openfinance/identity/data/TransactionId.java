package io.openfinance.identity.data;

import io.openfinance.identity.rest.ApiError;

/** A transaction as the Data API names it: its account's id and the bank's own transaction id. */
record TransactionId(AccountId accountId, String bankTransactionId) {

    private static final String SEPARATOR = ".";

    static TransactionId parse(String value) {
        int first = value == null ? -1 : value.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : value.indexOf(SEPARATOR, first + 1);
        if (second < 0 || second == value.length() - 1 || value.length() > 400) {
            throw ApiError.notFound("Transaction");
        }
        return new TransactionId(AccountId.parse(value.substring(0, second)), value.substring(second + 1));
    }

    @Override
    public String toString() {
        return accountId + SEPARATOR + bankTransactionId;
    }
}
