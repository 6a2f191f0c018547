package io.openfinance.identity.clientauth;

import jakarta.ws.rs.core.Response;

import io.openfinance.identity.demo.DemoDataGuard;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.ClientAuthUtil;
import org.keycloak.models.ClientModel;

/**
 * The one place a production server refuses the demo's sample clients ({@link DemoDataGuard}): client
 * authentication, which every grant at the token endpoint (code, refresh, client credentials, jwt-bearer, token
 * exchange…) and every pushed authorization request goes through. Our replacements of the authenticators that the
 * demo's public credentials can pass ({@code client-secret}, which also lets public clients through,
 * {@code client-secret-jwt}, {@code client-jwt}) call it once Keycloak's own check is done.
 */
final class DemoClientRefusal {

    private DemoClientRefusal() {
    }

    static void apply(ClientAuthenticationFlowContext context) {
        ClientModel client = context.getClient();
        if (client != null && DemoDataGuard.of(context.getSession()).refuses(client)) {
            context.failure(AuthenticationFlowError.CLIENT_DISABLED, ClientAuthUtil.errorResponse(
                    Response.Status.UNAUTHORIZED.getStatusCode(), OAuthErrorException.INVALID_CLIENT,
                    "Demo client: refused by a production server"));
        }
    }
}
