package io.openfinance.identity.ledger;

import java.time.Instant;
import java.util.List;

/**
 * Which stored transactions a listing may show: per connection, the directions its token and consent allow and the
 * consent's first date; optionally one account and a date range ({@code from} inclusive, {@code until} exclusive).
 */
public record TransactionQuery(List<Visible> connections, String accountId, Instant from, Instant until) {

    public enum Directions { ALL, IN, OUT }

    /** {@code transactionsFrom} null: all the bank gave. */
    public record Visible(String connectionId, Directions directions, Instant transactionsFrom) {
    }
}
