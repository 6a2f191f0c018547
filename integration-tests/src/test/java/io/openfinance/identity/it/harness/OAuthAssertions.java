package io.openfinance.identity.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

    /** The query parameters of a redirect, first value of each. */
    public static Map<String, String> queryOf(URI uri) {
        return URLUtils.parseParameters(uri.getRawQuery()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
    }
}
