package io.openfinance.identity.grant;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;

import io.openfinance.identity.connection.FlowNotes;
import io.openfinance.identity.profile.Profiles;
import io.openfinance.identity.scope.ConsentedScopes;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.scope.ScopeParameter;
import io.openfinance.identity.store.ConnectionProvider;
import io.openfinance.identity.store.LiveConsent;
import io.openfinance.identity.metrics.OpenFinanceMetrics;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.constants.ServiceAccountConstants;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
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
 * Issues a data token for one of the calling partner's own profiles: only data scopes, and only those that a live
 * connection of that profile was consented for; the token lists the connections it covers ({@code CoveredConnectionsMapper}
 * bounds both again by each connection's consent, as for every token). Shared by the grants that
 * name a profile ({@code client_credentials} with {@code sub}, {@code jwt-bearer}). Client policies see the request as
 * the service-account token request it is: the partner, authenticated, asks for a token.
 * <p>
 * Keycloak has no seam to issue a service-account style token for another user, so {@link #tokenResponse} mirrors
 * {@code ClientCredentialsGrantType#process} of Keycloak 26.7.3 (transient session, its notes, client policies), with the
 * profile as the user. {@code ProfileTokenMirrorsClientCredentialsIT} fails when stock {@code client_credentials} starts
 * to issue what this copy does not.
 */
final class ProfileTokenIssuer {

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
    private final EventBuilder event;

    ProfileTokenIssuer(OAuth2GrantType.Context context, OAuth2GrantTypeBase grant, TokenResponder responder) {
        this.context = context;
        this.grant = grant;
        this.responder = responder;
        this.session = context.getSession();
        this.realm = context.getRealm();
        this.client = context.getClient();
        this.event = context.getEvent();
    }

    /** @param scope the requested scope, already checked against the client's scopes */
    Response issue(String sub, String scope) {
        if (client.isPublicClient() || client.isBearerOnly() || !client.isServiceAccountsEnabled()) {
            throw error(OAuthErrorException.UNAUTHORIZED_CLIENT, "Client may not get tokens for its profiles", Errors.INVALID_CLIENT);
        }
        Set<DataScope> dataScopes = dataScopesOnly(scope);
        Profiles profiles = new Profiles(session, realm, client);
        UserModel profile = profiles.ownedUser(sub)
                .orElseThrow(() -> error(OAuthErrorException.INVALID_GRANT, "Unknown sub", Errors.USER_NOT_FOUND));
        List<LiveConsent> covering = session.getProvider(ConnectionProvider.class).liveConsents(realm, profile.getId()).stream()
                .filter(c -> ConsentedScopes.allowsAll(c.dataScopes(), dataScopes)).toList();
        if (covering.isEmpty()) {
            throw error(OAuthErrorException.INVALID_GRANT, "No live connection of this profile was consented for these scopes",
                    Errors.CONSENT_DENIED);
        }
        event.user(profile).detail(Details.USERNAME, profile.getUsername());
        Response response = tokenResponse(profile, scope, covering);
        profiles.recordAccess(profile.getId(), Instant.now());
        OpenFinanceMetrics.profileToken(context.getFormParams().getFirst(OAuth2Constants.GRANT_TYPE));
        return response;
    }

    private Response tokenResponse(UserModel profile, String scope, List<LiveConsent> covering) {
        AuthenticationSessionModel authSession = new AuthenticationSessionManager(session)
                .createAuthenticationSession(realm, false).createAuthenticationSession(client);
        authSession.setAuthenticatedUser(profile);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setClientNote(OIDCLoginProtocol.ISSUER, Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);

        UserSessionModel userSession = new UserSessionManager(session).createUserSession(authSession.getParentSession().getId(),
                realm, profile, profile.getUsername(), context.getClientConnection().getRemoteHost(),
                ServiceAccountConstants.CLIENT_AUTH, false, null, null, UserSessionModel.SessionPersistenceState.TRANSIENT);
        userSession.setNote(FlowNotes.COVERED_CONNECTIONS, covering.stream().map(LiveConsent::connectionId).collect(Collectors.joining(" ")));
        event.session(userSession);

        AuthenticationManager.setClientScopesInSession(session, authSession);
        // Made here, not by attachAuthenticationSession: that first looks for the client's session in the database,
        // where a transient session's never is (one query less per token).
        session.sessions().createClientSession(realm, client, userSession);
        ClientSessionContext clientSessionCtx = TokenManager.attachAuthenticationSession(session, userSession, authSession);
        clientSessionCtx.setAttribute(OAuth2Constants.GRANT_TYPE, context.getGrantType());
        String clientHost = context.getClientConnection().getRemoteHost();
        userSession.setNote(ServiceAccountConstants.CLIENT_ID_SESSION_NOTE, client.getClientId());
        userSession.setNote(ServiceAccountConstants.CLIENT_ID, client.getClientId());
        userSession.setNote(ServiceAccountConstants.CLIENT_HOST, clientHost);
        userSession.setNote(ServiceAccountConstants.CLIENT_ADDRESS, clientHost);
        try {
            session.clientPolicy().triggerOnEvent(new ServiceAccountTokenRequestContext(context.getFormParams(), clientSessionCtx.getClientSession()));
        } catch (ClientPolicyException e) {
            throw error(e.getError(), e.getErrorDetail(), e.getError());
        }
        grant.updateUserSessionFromClientAuth(userSession);
        return responder.create(profile, userSession, clientSessionCtx, scope, false,
                builder -> new ServiceAccountTokenResponseContext(context.getFormParams(), clientSessionCtx.getClientSession(), builder));
    }

    /** A profile token carries data scopes (and the sync scope) and nothing a partner token could do. */
    private Set<DataScope> dataScopesOnly(String scope) {
        ScopeParameter scopes = ScopeParameter.parse(scope);
        boolean onlyData = scopes.values().stream()
                .allMatch(s -> DataScope.isDataScope(s) || DataScope.SYNC.equals(s) || OAuth2Constants.SCOPE_OPENID.equals(s));
        if (!onlyData || scopes.dataScopes().isEmpty()) {
            throw error(OAuthErrorException.INVALID_SCOPE, "With sub, ask for data scopes only", Errors.INVALID_REQUEST);
        }
        return scopes.dataScopes();
    }

    private CorsErrorResponseException error(String oauthError, String description, String eventError) {
        return GrantError.of(context, oauthError, description, eventError);
    }
}
