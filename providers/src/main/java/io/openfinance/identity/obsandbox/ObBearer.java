package io.openfinance.identity.obsandbox;

import java.util.Arrays;

import jakarta.ws.rs.core.HttpHeaders;

import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessToken;

/**
 * The bearer token of a call to the sandbox's OB API: signed by this realm's keys and not expired, with the
 * scope {@value #SCOPE}. A customer's token names its consent in {@value #INTENT_CLAIM}; a TPP's
 * {@code client_credentials} token names none.
 */
final class ObBearer {

    static final String SCOPE = "accounts";
    static final String INTENT_CLAIM = "openbanking_intent_id";

    private ObBearer() {
    }

    static AccessToken of(KeycloakSession session, HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ObError.unauthorized();
        }
        AccessToken token = session.tokens().decode(authorization.substring(7).trim(), AccessToken.class);
        if (token == null || !token.isActive() || token.getScope() == null
                || Arrays.stream(token.getScope().split(" ")).noneMatch(SCOPE::equals)) {
            throw ObError.unauthorized();
        }
        return token;
    }

    static String intent(AccessToken token) {
        Object intent = token.getOtherClaims().get(INTENT_CLAIM);
        return intent instanceof String value ? value : null;
    }
}
