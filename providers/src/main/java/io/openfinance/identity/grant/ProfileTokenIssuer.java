package io.openfinance.identity.grant;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;

import io.openfinance.identity.connection.FlowNotes;
import io.openfinance.identity.metrics.OpenFinanceMetrics;
import io.openfinance.identity.profile.Profiles;
import io.openfinance.identity.scope.ConsentedScopes;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.scope.ScopeParameter;
import io.openfinance.identity.store.ConnectionProvider;
import io.openfinance.identity.store.LiveConsent;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.services.CorsErrorResponseException;

/**
 * Issues a data token for one of the calling partner's own profiles: only data scopes, and only those that a live
 * connection of that profile was consented for; the token lists the connections it covers ({@code CoveredConnectionsMapper}
 * bounds both again by each connection's consent, as for every token). Shared by the grants that
 * name a profile ({@code client_credentials} with {@code sub}, {@code jwt-bearer}). Client policies see the request as
 * the service-account token request it is: the partner, authenticated, asks for a token ({@link ServiceAccountStyleToken}).
 */
final class ProfileTokenIssuer {

    private final OAuth2GrantType.Context context;
    private final ServiceAccountStyleToken token;
    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;
    private final EventBuilder event;

    ProfileTokenIssuer(OAuth2GrantType.Context context, ServiceAccountStyleToken token) {
        this.context = context;
        this.token = token;
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
        String coveredConnections = covering.stream().map(LiveConsent::connectionId).collect(Collectors.joining(" "));
        Response response = token.issue(profile, scope, Map.of(FlowNotes.COVERED_CONNECTIONS, coveredConnections));
        profiles.recordAccess(profile.getId(), Instant.now());
        OpenFinanceMetrics.profileToken(context.getFormParams().getFirst(OAuth2Constants.GRANT_TYPE));
        return response;
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
