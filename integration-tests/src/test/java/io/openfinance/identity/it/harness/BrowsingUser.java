package io.openfinance.identity.it.harness;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The end user of a partner program: follows its authorization URL in a fresh {@link HttpBrowser},
 * agrees on the consent page, signs in at the sandbox bank as alice, and notes which of those pages
 * it was shown on the way back to the partner.
 */
public final class BrowsingUser {

    public static final String CONSENT = "consent";
    public static final String BANK = "bank";
    private static final int MAX_PAGES = 4;

    /** Back at {@code callback}, or stopped on a page described by {@code stoppedAt}. */
    public record Visit(URI callback, List<String> pages, String stoppedAt) {
    }

    private BrowsingUser() {
    }

    public static Visit visit(URI authorizationUrl, String partnerRedirectUri) {
        HttpBrowser browser = new HttpBrowser(partnerRedirectUri);
        List<String> pages = new ArrayList<>();
        HttpBrowser.Stop stop = browser.open(authorizationUrl);
        while (!stop.atPartner() && pages.size() < MAX_PAGES) {
            if (stop.page().getElementById("consent-agree") != null) {
                pages.add(CONSENT);
                stop = browser.submit(stop, Map.of("decision", "agree"));
            } else if (stop.url().getPath().startsWith("/realms/" + ServerSettings.SANDBOX_REALM + "/")
                    && stop.page().selectFirst("input[name=username]") != null) {
                pages.add(BANK);
                stop = browser.submit(stop, Map.of("username", "alice", "password", "alice-sandbox"));
            } else {
                break;
            }
        }
        if (stop.atPartner()) {
            return new Visit(stop.partnerCallback(), pages, null);
        }
        String text = stop.page().text();
        return new Visit(null, pages, "HTTP " + stop.status() + " at " + stop.url() + ": "
                + text.substring(0, Math.min(text.length(), 400)));
    }
}
