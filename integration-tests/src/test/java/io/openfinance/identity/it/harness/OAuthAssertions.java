package io.openfinance.identity.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.util.URLUtils;

/** What tests check of OAuth answers: token endpoint errors and redirect query parameters. */
public final class OAuthAssertions {

    private OAuthAssertions() {
    }

    public static void assertTokenError(TokenResponse response, String error) {
        assertFalse(response.indicatesSuccess(), "expected " + error);
        assertEquals(error, response.toErrorResponse().getErrorObject().getCode());
    }

    /** The browser was sent back to the partner with this OAuth error and the partner's state. */
    public static void assertPartnerError(HttpBrowser.Stop stop, String error, Partner.Authorization authorization) {
        assertTrue(stop.atPartner(), "expected a redirect to the partner, got " + stop.url());
        Map<String, String> params = queryOf(stop.partnerCallback());
        assertEquals(error, params.get("error"), stop.partnerCallback().toString());
        assertEquals(authorization.state().getValue(), params.get("state"));
    }

    /** The query parameters of a redirect, first value of each. */
    public static Map<String, String> queryOf(URI uri) {
        return URLUtils.parseParameters(uri.getRawQuery()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
    }
}
