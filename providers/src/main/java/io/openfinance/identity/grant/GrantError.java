package io.openfinance.identity.grant;

import jakarta.ws.rs.core.Response;

import org.keycloak.events.Details;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.services.CorsErrorResponseException;

/** A refused token request: the OAuth error for the partner, the reason in Keycloak's event. */
final class GrantError {

    private GrantError() {
    }

    static CorsErrorResponseException of(OAuth2GrantType.Context context, String oauthError, String description, String eventError) {
        context.getEvent().detail(Details.REASON, description).error(eventError);
        return new CorsErrorResponseException(context.getCors(), oauthError, description, Response.Status.BAD_REQUEST);
    }
}
