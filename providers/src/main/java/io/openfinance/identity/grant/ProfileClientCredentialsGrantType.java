package io.openfinance.identity.grant;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import io.openfinance.identity.realm.OpenFinanceRealm;
import io.openfinance.identity.scope.ScopeParameter;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.grants.ClientCredentialsGrantType;

/**
 * Keycloak's {@code client_credentials} grant, unchanged in realms not open-finance. In an open-finance realm, without
 * {@code sub} it gives the partner its own token as Keycloak's grant does, through {@link ServiceAccountStyleToken}
 * (Keycloak's grant itself answers what that does not cover: refusals, refresh tokens, authorization details); with
 * {@code sub} it issues a data token for one of the calling partner's own profiles ({@link ProfileTokenIssuer}).
 */
public class ProfileClientCredentialsGrantType extends ClientCredentialsGrantType {

    static final String SUB = "sub";

    @Override
    public Response process(Context context) {
        if (!OpenFinanceRealm.isEnabled(context.getRealm())) {
            return super.process(context);
        }
        setContext(context);
        String sub = formParams.getFirst(SUB);
        if (sub == null) {
            refuseDataScopesWithoutProfile(context);
            return partnerToken(context);
        }
        return new ProfileTokenIssuer(context, token(context)).issue(sub, getRequestedScopes());
    }

    /** A partner's own token never carries data scopes: those are for a profile, through sub. */
    private static void refuseDataScopesWithoutProfile(Context context) {
        if (!ScopeParameter.parse(context.getFormParams().getFirst(OAuth2Constants.SCOPE)).dataScopes().isEmpty()) {
            throw GrantError.of(context, OAuthErrorException.INVALID_SCOPE, "Data scopes need a sub", Errors.INVALID_REQUEST);
        }
    }

    private Response partnerToken(Context context) {
        UserModel account = serviceAccountToIssueFor();
        if (account == null) {
            return super.process(context);
        }
        event.detail(Details.USERNAME, account.getUsername());
        event.user(account);
        return token(context).issue(account, getRequestedScopes(), Map.of());
    }

    /** The client's enabled service account, when Keycloak's grant would give it a transient token; otherwise null. */
    private UserModel serviceAccountToIssueFor() {
        if (client.isBearerOnly() || client.isPublicClient() || !client.isServiceAccountsEnabled() || useRefreshToken()
                || formParams.containsKey(OAuth2Constants.AUTHORIZATION_DETAILS)) {
            return null;
        }
        UserModel account = session.users().getServiceAccount(client);
        return account != null && account.isEnabled() ? account : null;
    }

    private ServiceAccountStyleToken token(Context context) {
        return new ServiceAccountStyleToken(context, this, this::createTokenResponse);
    }
}
