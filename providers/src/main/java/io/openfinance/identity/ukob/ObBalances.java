package io.openfinance.identity.ukob;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which of an account's OB balances is "the" balance we report: {@code InterimAvailable} (what the customer can
 * spend now), else {@code InterimBooked} (booked so far today), else {@code ClosingBooked} (end of the last business
 * day). Other types ({@code Expected}, {@code OpeningAvailable}, …) are never chosen.
 */
final class ObBalances {

    static final List<String> PREFERENCE = List.of("InterimAvailable", "InterimBooked", "ClosingBooked");

    private ObBalances() {
    }

    /** The first balance of the most preferred type present in an OB {@code Data.Balance} array. */
    static Optional<JsonNode> chosen(Iterable<JsonNode> balances) {
        for (String type : PREFERENCE) {
            for (JsonNode balance : balances) {
                if (type.equals(balance.path("Type").asText())) {
                    return Optional.of(balance);
                }
            }
        }
        return Optional.empty();
    }
}
