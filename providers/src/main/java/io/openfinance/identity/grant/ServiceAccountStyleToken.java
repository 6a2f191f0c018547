package io.openfinance.identity.grant;

import java.util.Map;
import java.util.function.Function;

import jakarta.ws.rs.core.Response;

import org.keycloak.OAuth2Constants;
import org.keycloak.common.constants.ServiceAccountConstants;
import org.keycloak.events.Details;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeBase;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenRequestContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The answer of Keycloak's {@code client_credentials} grant without a refresh token: a transient user session for the
 * token's user, its notes, the client policies, the token. Keycloak has no seam to issue it for a user other than the
 * client's service account, so this mirrors {@code ClientCredentialsGrantType#process} of Keycloak 26.7.3 from the
 * authentication session on, for a profile ({@link ProfileTokenIssuer}) and for the partner itself
 * ({@link ProfileClientCredentialsGrantType}). One difference: the client session is made here, not by
 * {@code TokenManager.attachAuthenticationSession}, which first looks in the database for a stored client session of
 * the new transient session, where there never is one (a query and a transaction less per token).
 * {@code ProfileTokenMirrorsClientCredentialsIT} fails when Keycloak's grant starts to issue what this copy does not.
 */
final class ServiceAccountStyleToken {

    /** {@code OAuth2GrantTypeBase#createTokenResponse}, which only a grant may call. */
    @FunctionalInterface
    interface TokenResponder {
        Response create(UserModel user, UserSessionModel userSession, ClientSessionContext clientSessionCtx, String scope,
                        boolean code, Function<TokenManager.AccessTokenResponseBuilder, ClientPolicyContext> policyContext);
    }

    private final OAuth2GrantType.Context context;
    private final OAuth2GrantTypeBase grant;
    private final TokenResponder responder;
    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;

    ServiceAccountStyleToken(OAuth2GrantType.Context context, OAuth2GrantTypeBase grant, TokenResponder responder) {
        this.context = context;
        this.grant = grant;
        this.responder = responder;
        this.session = context.getSession();
        this.realm = context.getRealm();
        this.client = context.getClient();
    }

    /**
     * @param scope the requested scope, already checked against the client's scopes
     * @param notes user session notes of the token's own, for its mappers
     */
    Response issue(UserModel user, String scope, Map<String, String> notes) {
        AuthenticationSessionModel authSession = new AuthenticationSessionManager(session)
                .createAuthenticationSession(realm, false).createAuthenticationSession(client);
        authSession.setAuthenticatedUser(user);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setClientNote(OIDCLoginProtocol.ISSUER, Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);

        String clientHost = context.getClientConnection().getRemoteHost();
        UserSessionModel userSession = new UserSessionManager(session).createUserSession(authSession.getParentSession().getId(),
                realm, user, user.getUsername(), clientHost, ServiceAccountConstants.CLIENT_AUTH, false, null, null,
                UserSessionModel.SessionPersistenceState.TRANSIENT);
        notes.forEach(userSession::setNote);
        context.getEvent().session(userSession);

        AuthenticationManager.setClientScopesInSession(session, authSession);
        session.sessions().createClientSession(realm, client, userSession);
        ClientSessionContext clientSessionCtx = TokenManager.attachAuthenticationSession(session, userSession, authSession);
        clientSessionCtx.setAttribute(OAuth2Constants.GRANT_TYPE, context.getGrantType());
        userSession.setNote(ServiceAccountConstants.CLIENT_ID_SESSION_NOTE, client.getClientId());
        userSession.setNote(ServiceAccountConstants.CLIENT_ID, client.getClientId());
        userSession.setNote(ServiceAccountConstants.CLIENT_HOST, clientHost);
        userSession.setNote(ServiceAccountConstants.CLIENT_ADDRESS, clientHost);
        try {
            session.clientPolicy().triggerOnEvent(new ServiceAccountTokenRequestContext(context.getFormParams(), clientSessionCtx.getClientSession()));
        } catch (ClientPolicyException e) {
            context.getEvent().detail(Details.REASON, Details.CLIENT_POLICY_ERROR).detail(Details.CLIENT_POLICY_ERROR, e.getError())
                    .detail(Details.CLIENT_POLICY_ERROR_DETAIL, e.getErrorDetail()).error(e.getError());
            throw new CorsErrorResponseException(context.getCors(), e.getError(), e.getErrorDetail(), Response.Status.BAD_REQUEST);
        }
        grant.updateUserSessionFromClientAuth(userSession);
        return responder.create(user, userSession, clientSessionCtx, scope, true,
                builder -> new ServiceAccountTokenResponseContext(context.getFormParams(), clientSessionCtx.getClientSession(), builder));
    }
}
