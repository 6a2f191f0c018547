package io.openfinance.identity.it.harness;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/** The end user's part of a connection, in an HTTP browser: consent page, sandbox bank sign-in, back. */
public final class Connect {

    /** Where the browser has got to. */
    public enum Step { CONSENT_PAGE, BANK_SIGN_IN_PAGE, BACK_AT_PARTNER }

    private Connect() {
    }

    /** Flow 2: connects the sandbox bank to the partner's {@code profile} as the bank's {@code customer}; the connection's id. */
    public static String ongoing(Partner partner, String profile, String customer) {
        return ongoing(partner, profile, customer, null);
    }

    /** The same with the consent ending at {@code expiresAt} ({@code mh:consent}), or the service's default if null. */
    public static String ongoing(Partner partner, String profile, String customer, Instant expiresAt) {
        return ongoing(partner, "sandbox", profile, customer, expiresAt);
    }

    /** The same at another bank whose sign-in is the sandbox bank's. */
    public static String ongoing(Partner partner, String bankId, String profile, String customer, Instant expiresAt) {
        Partner.Authorization authorization = partner.authorize("openid id:" + bankId, claims(profile, null, expiresAt), "signed");
        HttpBrowser.Stop back = agreeAndSignIn(authorization, customer);
        assertTrue(back.atPartner(), "expected the partner callback, got " + back.status() + " at " + back.url());
        String connectionId = (String) partner.exchange(authorization, back.partnerCallback()).idToken().getClaim("mh:con_id");
        assertNotNull(connectionId, "no mh:con_id in the id token");
        return connectionId;
    }

    /** Runs the browser from the authorization URL to the partner callback, agreeing and signing in at the bank. */
    public static HttpBrowser.Stop agreeAndSignIn(Partner.Authorization authorization, String customer) {
        return agreeAndSignIn(authorization.url(), Partner.REDIRECT_URI, customer, step -> { });
    }

    /** The same, telling {@code afterStep} each step the browser completed (e.g. to pause a flow there). */
    public static HttpBrowser.Stop agreeAndSignIn(Partner.Authorization authorization, String customer, Consumer<Step> afterStep) {
        return agreeAndSignIn(authorization.url(), Partner.REDIRECT_URI, customer, afterStep);
    }

    /** The same from any authorization URL, for a partner whose callback is {@code redirectUri}. */
    public static HttpBrowser.Stop agreeAndSignIn(URI authorizationUrl, String redirectUri, String customer) {
        return agreeAndSignIn(authorizationUrl, redirectUri, customer, step -> { });
    }

    private static HttpBrowser.Stop agreeAndSignIn(URI authorizationUrl, String redirectUri, String customer, Consumer<Step> afterStep) {
        HttpBrowser browser = new HttpBrowser(redirectUri);
        HttpBrowser.Stop consent = browser.open(authorizationUrl);
        assertTrue(consent.page() != null && consent.page().getElementById("consent-agree") != null,
                "expected the consent page, got " + consent);
        afterStep.accept(Step.CONSENT_PAGE);
        HttpBrowser.Stop bank = browser.submit(consent, Map.of("decision", "agree"));
        assertTrue(bank.url().getPath().startsWith("/realms/sandbox-bank/"), "expected the bank's sign-in page, got " + bank.status() + " at " + bank.url());
        afterStep.accept(Step.BANK_SIGN_IN_PAGE);
        HttpBrowser.Stop back = browser.submit(bank, Map.of("username", customer, "password", customer + "-sandbox"));
        afterStep.accept(Step.BACK_AT_PARTNER);
        return back;
    }

    /**
     * The claims of an ongoing-access request for the profile: a new connection, or with {@code connectionId} one of
     * its connections to renew; with {@code expiresAt}, the consent's end ({@code mh:consent}).
     */
    public static String claims(String userId, String connectionId, Instant expiresAt) {
        StringBuilder claims = new StringBuilder("{\"id_token\":{\"sub\":{\"value\":\"" + userId + "\"},\"mh:con_id\":{\"essential\":true");
        claims.append(connectionId == null ? "}" : ",\"value\":\"" + connectionId + "\"}");
        if (expiresAt != null) {
            claims.append(",\"mh:consent\":{\"value\":{\"expirationDateTime\":\"").append(expiresAt).append("\"}}");
        }
        return claims.append("}}").toString();
    }

    public static String ongoingClaims(String userId) {
        return claims(userId, null, null);
    }
}
