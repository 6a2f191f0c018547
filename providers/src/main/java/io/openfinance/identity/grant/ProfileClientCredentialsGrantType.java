package io.openfinance.identity.grant;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;

import io.openfinance.identity.connection.FlowNotes;
import io.openfinance.identity.profile.Profile;
import io.openfinance.identity.realm.OpenFinanceRealm;
import io.openfinance.identity.profile.Profiles;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.scope.ScopeParameter;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.BankConnections;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.constants.ServiceAccountConstants;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.ClientCredentialsGrantType;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenRequestContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keycloak's {@code client_credentials} grant, unchanged without {@code sub}. With {@code sub} it issues a
 * data token for one of the calling partner's own profiles: only data scopes, and only those that a live
 * connection of that profile was consented for. The token lists the connections it covers.
 */
public class ProfileClientCredentialsGrantType extends ClientCredentialsGrantType {

    static final String SUB = "sub";

    @Override
    public Response process(Context context) {
        if (!OpenFinanceRealm.isEnabled(context.getRealm())) {
            return super.process(context);
        }
        String sub = context.getFormParams().getFirst(SUB);
        if (sub == null) {
            refuseDataScopesWithoutProfile(context);
            return super.process(context);
        }
        setContext(context);
        if (client.isPublicClient() || client.isBearerOnly() || !client.isServiceAccountsEnabled()) {
            throw error(OAuthErrorException.UNAUTHORIZED_CLIENT, "Client may not use client_credentials", Errors.INVALID_CLIENT);
        }
        String scope = getRequestedScopes();
        Set<DataScope> dataScopes = dataScopesOnly(scope);
        Profile profile = new Profiles(session, realm, client).find(sub)
                .orElseThrow(() -> error(OAuthErrorException.INVALID_GRANT, "Unknown sub", Errors.USER_NOT_FOUND));
        List<BankConnection> covering = new BankConnections(session, realm).liveOfProfile(profile.id()).stream()
                .filter(c -> c.dataScopes().containsAll(dataScopes)).toList();
        if (covering.isEmpty()) {
            throw error(OAuthErrorException.INVALID_GRANT, "No live connection of this profile was consented for these scopes",
                    Errors.CONSENT_DENIED);
        }
        event.user(profile.user()).detail(Details.USERNAME, profile.user().getUsername());
        return profileTokenResponse(profile, scope, covering);
    }

    private Response profileTokenResponse(Profile profile, String scope, List<BankConnection> covering) {
        AuthenticationSessionModel authSession = new AuthenticationSessionManager(session)
                .createAuthenticationSession(realm, false).createAuthenticationSession(client);
        authSession.setAuthenticatedUser(profile.user());
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setClientNote(OIDCLoginProtocol.ISSUER, Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);

        UserSessionModel userSession = new UserSessionManager(session).createUserSession(authSession.getParentSession().getId(),
                realm, profile.user(), profile.user().getUsername(), clientConnection.getRemoteHost(),
                ServiceAccountConstants.CLIENT_AUTH, false, null, null, UserSessionModel.SessionPersistenceState.TRANSIENT);
        userSession.setNote(FlowNotes.COVERED_CONNECTIONS, covering.stream().map(BankConnection::id).collect(Collectors.joining(" ")));
        userSession.setNote(ServiceAccountConstants.CLIENT_ID, client.getClientId());
        event.session(userSession);

        AuthenticationManager.setClientScopesInSession(session, authSession);
        ClientSessionContext clientSessionCtx = TokenManager.attachAuthenticationSession(session, userSession, authSession);
        try {
            session.clientPolicy().triggerOnEvent(new ServiceAccountTokenRequestContext(formParams, clientSessionCtx.getClientSession()));
        } catch (ClientPolicyException e) {
            throw error(e.getError(), e.getErrorDetail(), e.getError());
        }
        updateUserSessionFromClientAuth(userSession);
        return createTokenResponse(profile.user(), userSession, clientSessionCtx, scope, false,
                builder -> new ServiceAccountTokenResponseContext(formParams, clientSessionCtx.getClientSession(), builder));
    }

    /** A profile token carries data scopes and nothing a partner token could do. */
    private Set<DataScope> dataScopesOnly(String scope) {
        ScopeParameter scopes = ScopeParameter.parse(scope);
        boolean onlyData = scopes.values().stream().allMatch(s -> DataScope.isDataScope(s) || OAuth2Constants.SCOPE_OPENID.equals(s));
        if (!onlyData || scopes.dataScopes().isEmpty()) {
            throw error(OAuthErrorException.INVALID_SCOPE, "With sub, ask for data scopes only", Errors.INVALID_REQUEST);
        }
        return scopes.dataScopes();
    }

    /** A partner's own token never carries data scopes: those are for a profile, through sub. */
    private static void refuseDataScopesWithoutProfile(Context context) {
        if (!ScopeParameter.parse(context.getFormParams().getFirst(OAuth2Constants.SCOPE)).dataScopes().isEmpty()) {
            context.getEvent().detail(Details.REASON, "data scopes without sub").error(Errors.INVALID_REQUEST);
            throw new CorsErrorResponseException(context.getCors(), OAuthErrorException.INVALID_SCOPE,
                    "Data scopes need a sub", Response.Status.BAD_REQUEST);
        }
    }

    private CorsErrorResponseException error(String oauthError, String description, String eventError) {
        event.detail(Details.REASON, description).error(eventError);
        return new CorsErrorResponseException(cors, oauthError, description, Response.Status.BAD_REQUEST);
    }
}
