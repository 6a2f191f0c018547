package io.openfinance.identity.clientauth;

import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.ClientIdAndSecretAuthenticator;

/** Keycloak's {@code client-secret} (and public clients), in its place (same id, higher order), refusing demo clients. */
public class DemoRefusingClientSecretAuthenticator extends ClientIdAndSecretAuthenticator {

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
