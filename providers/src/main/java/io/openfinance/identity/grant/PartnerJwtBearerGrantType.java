package io.openfinance.identity.grant;

import jakarta.ws.rs.core.Response;

import io.openfinance.identity.realm.OpenFinanceRealm;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Errors;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.grants.JWTAuthorizationGrantType;
import org.keycloak.representations.JsonWebToken;

/**
 * Keycloak's JWT authorization grant ({@code urn:ietf:params:oauth:grant-type:jwt-bearer}), unchanged for assertions
 * of identity providers. An assertion whose issuer is a client of this realm is a partner's: it must be the
 * authenticated client's own ({@link PartnerAssertion}) and name one of its profiles, and it gets the data token that
 * {@code client_credentials} with {@code sub} gives ({@link ProfileTokenIssuer}). Either way only for a client whose
 * admin enabled Keycloak's switch for the grant ({@code oauth2.jwt.authorization.grant.enabled}, off by default).
 */
public class PartnerJwtBearerGrantType extends JWTAuthorizationGrantType {

    @Override
    public Response process(Context context) {
        if (!OpenFinanceRealm.isEnabled(context.getRealm())) {
            return super.process(context);
        }
        String assertion = context.getFormParams().getFirst(OAuth2Constants.ASSERTION);
        JWSInput jws = parse(assertion);
        JsonWebToken jwt = jws == null ? null : claims(jws);
        if (jwt == null || jwt.getIssuer() == null || context.getRealm().getClientByClientId(jwt.getIssuer()) == null) {
            return super.process(context);
        }
        setContext(context);
        if (!OIDCAdvancedConfigWrapper.fromClientModel(client).getJWTAuthorizationGrantEnabled()) {
            throw GrantError.of(context, OAuthErrorException.UNAUTHORIZED_CLIENT,
                    "The JWT authorization grant is not enabled for this client", Errors.NOT_ALLOWED);
        }
        String profileId;
        try {
            profileId = PartnerAssertion.verifiedSubject(session, client, assertion, jws, jwt);
        } catch (RuntimeException refused) {
            throw GrantError.of(context, OAuthErrorException.INVALID_GRANT, refused.getMessage(), Errors.INVALID_REQUEST);
        }
        return new ProfileTokenIssuer(context, new ServiceAccountStyleToken(context, this, this::createTokenResponse))
                .issue(profileId, getRequestedScopes());
    }

    /** Unverified: only to tell a partner's assertion from an identity provider's; Keycloak's grant reports bad input. */
    private static JWSInput parse(String assertion) {
        try {
            return assertion == null ? null : new JWSInput(assertion);
        } catch (JWSInputException notAJwt) {
            return null;
        }
    }

    private static JsonWebToken claims(JWSInput jws) {
        try {
            return jws.readJsonContent(JsonWebToken.class);
        } catch (JWSInputException notJson) {
            return null;
        }
    }
}
