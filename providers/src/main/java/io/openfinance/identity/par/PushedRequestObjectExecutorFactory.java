package io.openfinance.identity.par;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.SecureRequestObjectExecutorFactory;

/**
 * Takes the place of Keycloak's {@code secure-request-object} factory (same id, same configuration, higher order), so
 * that every client policy naming that executor, the realm's and Keycloak's global FAPI profiles alike, accepts a
 * pushed request as RFC 9126 defines it.
 */
public class PushedRequestObjectExecutorFactory extends SecureRequestObjectExecutorFactory {

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new PushedRequestObjectExecutor(session);
    }

    @Override
    public int order() {
        return 100;
    }
}
