package io.openfinance.identity.clientauth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.JWTClientValidator;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;

/**
 * Keycloak's validation of a {@code private_key_jwt} assertion, except that {@code aud} may list several values when
 * every one of them is this realm's issuer or one of its endpoints.
 */
final class RealmAudiencesJwtClientValidator extends JWTClientValidator {

    RealmAudiencesJwtClientValidator(ClientAuthenticationFlowContext context, SignatureValidator signatureValidator,
                                     String clientAuthenticatorProviderId) throws Exception {
        super(context, signatureValidator, clientAuthenticatorProviderId);
    }

    /** Keycloak's list, plus the revocation endpoint, which OpenID client libraries name when they revoke. */
    @Override
    protected List<String> getExpectedAudiences() {
        List<String> audiences = new ArrayList<>(super.getExpectedAudiences());
        audiences.add(OIDCLoginProtocolService.tokenRevocationUrl(context.getUriInfo().getBaseUriBuilder())
                .build(realm.getName()).toString());
        return audiences;
    }

    @Override
    public boolean validateTokenAudience(List<String> expectedAudiences, boolean multipleAudienceAllowed) {
        String[] audiences = clientAssertionState.getToken().getAudience();
        if (audiences != null && !expectedAudiences.containsAll(Arrays.asList(audiences))) {
            return failure("Invalid token audience");
        }
        return super.validateTokenAudience(expectedAudiences, true);
    }

    /** Keycloak's namespace in the single-use store: a jti it saw is spent here too, and the other way round. */
    @Override
    protected String getJtiCacheKeyPrefix() {
        return JWTClientValidator.class.getSimpleName().toLowerCase();
    }
}
