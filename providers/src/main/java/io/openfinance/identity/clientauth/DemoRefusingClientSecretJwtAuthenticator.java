package io.openfinance.identity.clientauth;

import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.JWTClientSecretAuthenticator;

/** Keycloak's {@code client-secret-jwt}, in its place (same id, higher order), refusing demo clients. */
public class DemoRefusingClientSecretJwtAuthenticator extends JWTClientSecretAuthenticator {

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        super.authenticateClient(context);
        DemoClientRefusal.apply(context);
    }

    @Override
    public int order() {
        return 100;
    }
}
