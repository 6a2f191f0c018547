package io.openfinance.identity.grant;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.JWTAuthorizationGrantTypeFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;

/**
 * Takes the place of Keycloak's {@code jwt-bearer} factory: same id, higher order, and on under the same feature
 * ({@code jwt-authorization-grant}, on by default).
 */
public class PartnerJwtBearerGrantTypeFactory extends JWTAuthorizationGrantTypeFactory {

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new PartnerJwtBearerGrantType();
    }

    @Override
    public int order() {
        return 100;
    }
}
