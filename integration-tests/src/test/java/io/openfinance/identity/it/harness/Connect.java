package io.openfinance.identity.it.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;

/** The end user's part of a connection, in an HTTP browser: consent page, sandbox bank sign-in, back. */
public final class Connect {

    private Connect() {
    }

    /** Runs the browser from the authorization URL to the partner callback, agreeing and signing in at the bank. */
    public static HttpBrowser.Stop agreeAndSignIn(Partner.Authorization authorization, String customer) {
        return agreeAndSignIn(authorization.url(), Partner.REDIRECT_URI, customer);
    }

    /** The same from any authorization URL, for a partner whose callback is {@code redirectUri}. */
    public static HttpBrowser.Stop agreeAndSignIn(URI authorizationUrl, String redirectUri, String customer) {
        HttpBrowser browser = new HttpBrowser(redirectUri);
        HttpBrowser.Stop consent = browser.open(authorizationUrl);
        assertTrue(consent.page() != null && consent.page().getElementById("consent-agree") != null,
                "expected the consent page, got " + consent);
        HttpBrowser.Stop bank = browser.submit(consent, Map.of("decision", "agree"));
        assertTrue(bank.url().getPath().startsWith("/realms/sandbox-bank/"), "expected the bank's sign-in page, got " + bank.url());
        return browser.submit(bank, Map.of("username", customer, "password", customer + "-sandbox"));
    }

    public static String ongoingClaims(String userId) {
        return "{\"id_token\":{\"sub\":{\"value\":\"" + userId + "\"},\"mh:con_id\":{\"essential\":true}}}";
    }
}
