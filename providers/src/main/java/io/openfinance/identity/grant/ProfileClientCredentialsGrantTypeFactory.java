package io.openfinance.identity.grant;

import org.keycloak.protocol.oidc.grants.ClientCredentialsGrantTypeFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.models.KeycloakSession;

/** Takes the place of Keycloak's {@code client_credentials} factory: same id, higher order. */
public class ProfileClientCredentialsGrantTypeFactory extends ClientCredentialsGrantTypeFactory {

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new ProfileClientCredentialsGrantType();
    }

    @Override
    public int order() {
        return 100;
    }
}
