package io.openfinance.identity.grant;

import jakarta.ws.rs.core.Response;

import io.openfinance.identity.realm.OpenFinanceRealm;
import io.openfinance.identity.scope.ScopeParameter;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Errors;
import org.keycloak.protocol.oidc.grants.ClientCredentialsGrantType;

/**
 * Keycloak's {@code client_credentials} grant, unchanged without {@code sub} and in realms not open-finance. With {@code sub} it issues a data token
 * for one of the calling partner's own profiles ({@link ProfileTokenIssuer}).
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
        return new ProfileTokenIssuer(context, this, this::createTokenResponse).issue(sub, getRequestedScopes());
    }

    /** A partner's own token never carries data scopes: those are for a profile, through sub. */
    private static void refuseDataScopesWithoutProfile(Context context) {
        if (!ScopeParameter.parse(context.getFormParams().getFirst(OAuth2Constants.SCOPE)).dataScopes().isEmpty()) {
            throw GrantError.of(context, OAuthErrorException.INVALID_SCOPE, "Data scopes need a sub", Errors.INVALID_REQUEST);
        }
    }
}
