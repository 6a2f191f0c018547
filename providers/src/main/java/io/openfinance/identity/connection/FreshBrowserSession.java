package io.openfinance.identity.connection;

import java.net.URI;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.cookie.CookieProvider;
import org.keycloak.cookie.CookieType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.util.AuthenticationFlowURLHelper;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * Every connection is made for its own profile, so a browser's earlier session (from a previous
 * connection, maybe another profile's) must not carry over: Keycloak would refuse the flow as
 * "already authenticated as a different user". The flow moves to a new root authentication session,
 * not linked to the earlier user session, which stays valid for the tokens it already issued.
 */
final class FreshBrowserSession {

    private FreshBrowserSession() {
    }

    static boolean isNeeded(AuthenticationFlowContext context) {
        // A browser without Keycloak's session cookie got its root session in this request, under a new id that no
        // user session has: no database read for it.
        if (context.getSession().getProvider(CookieProvider.class).get(CookieType.AUTH_SESSION_ID) == null) {
            return false;
        }
        String rootId = context.getAuthenticationSession().getParentSession().getId();
        return context.getSession().sessions().getUserSession(context.getRealm(), rootId) != null;
    }

    /** Copies the partner's request into a new authentication session and sends the browser on to it. */
    static URI moveFlow(AuthenticationFlowContext context) {
        KeycloakSession session = context.getSession();
        AuthenticationSessionModel current = context.getAuthenticationSession();
        AuthenticationSessionManager manager = new AuthenticationSessionManager(session);

        RootAuthenticationSessionModel root = manager.createAuthenticationSession(context.getRealm(), true);
        AuthenticationSessionModel fresh = root.createAuthenticationSession(current.getClient());
        fresh.setRedirectUri(current.getRedirectUri());
        fresh.setProtocol(current.getProtocol());
        fresh.setAction(AuthenticationSessionModel.Action.AUTHENTICATE.name());
        current.getClientNotes().forEach(fresh::setClientNote);

        AuthenticationManager.expireIdentityCookie(session);
        manager.removeTabIdInAuthenticationSession(context.getRealm(), current);
        return new AuthenticationFlowURLHelper(session, context.getRealm(), session.getContext().getUri()).getLastExecutionUrl(fresh);
    }
}
