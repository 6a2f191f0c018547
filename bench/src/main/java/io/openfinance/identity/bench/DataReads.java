package io.openfinance.identity.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Data API's reads of the bulk-loaded store, spread over {@value #SAMPLE} bulk profiles evenly apart: each wrk request
 * takes the next profile's path and data token ({@code client_credentials + sub}). The deep page of each profile is
 * its last page of {@value #PAGE}, found once by following {@code links.next} from its first page, as a partner
 * walking the list does; the runs then ask for it again and again.
 */
final class DataReads {

    static final int SAMPLE = 32;
    static final int PAGE = 10;

    private final Fixture fixture;
    private final Wrk wrk;
    private final List<String> profiles = new ArrayList<>();
    private final Map<String, String> deepPages = new LinkedHashMap<>();

    /** Walks every sampled profile's transactions once; fails when the store does not show what was loaded. */
    DataReads(Fixture fixture, Wrk wrk) {
        this.fixture = fixture;
        this.wrk = wrk;
        long connections = fixture.store.loaded();
        int sample = (int) Math.min(SAMPLE, connections);
        for (int i = 0; i < sample; i++) {
            profiles.add(ProfileLoader.profileId(1 + i * connections / sample));
        }
        Api api = fixture.server.api;
        for (String profile : profiles) {
            String token = fixture.dataToken(profile);
            String next = api.realmUrl() + "/data/transactions?limit=" + PAGE;
            String page = next;
            int pages = 0;
            while (next != null) {
                page = next;
                JsonNode answer = api.getJson(page, token);
                if (answer.get("data").size() != PAGE || answer.at("/meta/total").asLong() != StoreLoader.PER_CONNECTION) {
                    throw new IllegalStateException("profile " + profile + " shows " + answer.at("/meta/total") + " transactions, "
                            + answer.get("data").size() + " on page " + (pages + 1) + "; loaded: " + StoreLoader.PER_CONNECTION);
                }
                pages++;
                next = answer.at("/links/next").isTextual() ? answer.at("/links/next").asText() : null;
            }
            if (pages != StoreLoader.PER_CONNECTION / PAGE) {
                throw new IllegalStateException("profile " + profile + ": " + pages + " pages by links.next");
            }
            URI deep = URI.create(page);
            deepPages.put(profile, deep.getRawPath() + "?" + deep.getRawQuery());
        }
    }

    int profiles() {
        return profiles.size();
    }

    Wrk.Request accounts() {
        return spread("accounts", profile -> "/realms/" + Api.IDENTITY + "/data/accounts");
    }

    Wrk.Request firstPage() {
        return spread("transactions-first", profile -> "/realms/" + Api.IDENTITY + "/data/transactions?limit=" + PAGE);
    }

    Wrk.Request deepPage() {
        return spread("transactions-deep", deepPages::get);
    }

    /** A file of one line per sampled profile, its path and a data token minted now (tokens live minutes). */
    private Wrk.Request spread(String name, Function<String, String> path) {
        StringBuilder lines = new StringBuilder();
        for (String profile : profiles) {
            lines.append(path.apply(profile)).append(' ').append(fixture.dataToken(profile)).append('\n');
        }
        Path targets = wrk.scripts().resolve("data-" + name + ".txt");
        try {
            Files.createDirectories(targets.getParent());
            Files.writeString(targets, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Wrk.Request.getEach(fixture.server.api.baseUrl(), targets);
    }
}
