package io.openfinance.identity.connection;

import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.AuthenticationFlowResolver;
import org.keycloak.services.managers.ClientSessionCode;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.CommonClientSessionModel;

/**
 * Goes on with a browser flow in the request that brought the bank's answer, as Keycloak's {@code login-actions}
 * endpoint would on the browser's next request: the customer is sent straight to the partner, one redirect (a round
 * trip over their network) fewer, and the bank's tokens never wait in the authentication session between requests.
 */
final class ResumedBrowserFlow {

    private ResumedBrowserFlow() {
    }

    /** Whether the flow may go on, as {@code login-actions} checks it: still authenticating, within the realm's login timeout. */
    static boolean isActive(KeycloakSession session, AuthenticationSessionModel authSession) {
        return new ClientSessionCode<>(session, authSession.getRealm(), authSession)
                .isValid(CommonClientSessionModel.Action.AUTHENTICATE.name(), ClientSessionCode.ActionType.LOGIN);
    }

    static Response resume(KeycloakSession session, AuthenticationSessionModel authSession) {
        RealmModel realm = authSession.getRealm();
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.LOGIN)
                .client(authSession.getClient()).detail(Details.CODE_ID, authSession.getParentSession().getId());
        AuthenticationProcessor processor = new AuthenticationProcessor()
                .setAuthenticationSession(authSession)
                .setFlowPath(LoginActionsService.AUTHENTICATE_PATH)
                .setBrowserFlow(true)
                .setFlowId(AuthenticationFlowResolver.resolveBrowserFlow(authSession).getId())
                .setConnection(session.getContext().getConnection())
                .setEventBuilder(event)
                .setRealm(realm)
                .setSession(session)
                .setUriInfo(session.getContext().getUri())
                .setRequest(session.getContext().getHttpRequest());
        try {
            return processor.authenticate();
        } catch (Exception e) {
            return processor.handleBrowserException(e);
        }
    }
}
