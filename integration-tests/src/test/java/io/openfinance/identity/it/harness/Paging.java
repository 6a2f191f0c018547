package io.openfinance.identity.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/** Follows {@code links.next} from a first page to the last, as a partner's client walks a list. */
public final class Paging {

    private static final int MAX_PAGES = 1000;

    private Paging() {
    }

    /** Every item of every page, in order. */
    public static List<JsonNode> all(String firstPage, String bearer) {
        return all(firstPage, bearer, page -> { });
    }

    /** The same, showing each page to {@code eachPage} before the next is asked for. */
    public static List<JsonNode> all(String firstPage, String bearer, Consumer<JsonNode> eachPage) {
        List<JsonNode> items = new ArrayList<>();
        String url = firstPage;
        for (int pages = 0; url != null; pages++) {
            if (pages == MAX_PAGES) {
                throw new AssertionError("more than " + MAX_PAGES + " pages from " + firstPage);
            }
            Http.Answer answer = Http.get(url, bearer);
            if (answer.status() != 200) {
                throw new AssertionError(url + " answered " + answer.status() + ": " + answer.body());
            }
            JsonNode page = answer.json();
            page.get("data").forEach(items::add);
            eachPage.accept(page);
            url = page.get("links").has("next") ? page.get("links").get("next").asText() : null;
        }
        return items;
    }
}
