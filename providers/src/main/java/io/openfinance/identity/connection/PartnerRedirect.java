package io.openfinance.identity.connection;

import jakarta.ws.rs.core.Response;

import org.keycloak.OAuth2Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.utils.OIDCRedirectUriBuilder;
import org.keycloak.protocol.oidc.utils.OIDCResponseMode;
import org.keycloak.protocol.oidc.utils.OIDCResponseType;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Ends a flow with an OAuth error at the partner. The redirect URI is the one Keycloak already
 * validated against the client's registered URIs for this authentication session, so no error path
 * can redirect anywhere else. Built here rather than with {@code LoginProtocol.sendError}, whose fixed set
 * of errors has no {@code invalid_request}, {@code invalid_scope} or {@code temporarily_unavailable}.
 */
final class PartnerRedirect {

    private PartnerRedirect() {
    }

    static Response error(KeycloakSession session, AuthenticationSessionModel authSession, String error, String description) {
        OIDCResponseMode responseMode = OIDCResponseMode.parse(
                authSession.getClientNote(OIDCLoginProtocol.RESPONSE_MODE_PARAM),
                OIDCResponseType.parse(authSession.getClientNote(OIDCLoginProtocol.RESPONSE_TYPE_PARAM)));
        OIDCRedirectUriBuilder redirect = OIDCRedirectUriBuilder.fromUri(authSession.getRedirectUri(), responseMode, session, null)
                .addParam(OAuth2Constants.ERROR, error)
                .addParam(OAuth2Constants.ERROR_DESCRIPTION, description);
        String state = authSession.getClientNote(OIDCLoginProtocol.STATE_PARAM);
        if (state != null) {
            redirect.addParam(OAuth2Constants.STATE, state);
        }
        if (!OIDCAdvancedConfigWrapper.fromClientModel(authSession.getClient()).isExcludeIssuerFromAuthResponse()) {
            redirect.addParam(OAuth2Constants.ISSUER,
                    Urls.realmIssuer(session.getContext().getUri().getBaseUri(), authSession.getRealm().getName()));
        }
        new AuthenticationSessionManager(session).removeTabIdInAuthenticationSession(authSession.getRealm(), authSession);
        return redirect.build();
    }
}
