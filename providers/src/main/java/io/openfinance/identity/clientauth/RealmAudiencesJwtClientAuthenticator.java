package io.openfinance.identity.clientauth;

import java.util.Objects;

import jakarta.ws.rs.core.Response;

import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.ClientAssertionState;
import org.keycloak.authentication.authenticators.client.ClientAuthUtil;
import org.keycloak.authentication.authenticators.client.JWTClientAuthenticator;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.ServicesLogger;

/**
 * Keycloak's {@code client-jwt} ({@code private_key_jwt}) client authenticator, in its place, accepting an assertion
 * whose {@code aud} is an array as OpenID client libraries send it (issuer, token endpoint, the endpoint called) on the
 * condition that every value is this realm's issuer or one of its endpoints. Everything else is Keycloak's own check:
 * signature against the client's registered keys and algorithm, {@code iss} = {@code sub} = client id, {@code exp},
 * {@code iat}, single-use {@code jti}.
 *
 * <p>It replaces {@code client-jwt} (same id, higher {@link #order()}) instead of registering a new id because
 * Keycloak names {@code client-jwt} wherever a client uses {@code private_key_jwt}: the realm's client authentication
 * flow, the console's credentials tab, dynamic client registration, {@code token_endpoint_auth_methods_supported} in
 * discovery and the {@code secure-client-authenticator} executor of client policies. A new id would need a custom flow
 * and lose all of those. The only change is an assertion accepted that stock Keycloak refuses, and only when nothing
 * in it points elsewhere.
 *
 * <p>Not Keycloak's deprecated {@code allow-multiple-audiences-for-jwt-client-authentication}: that accepts an
 * assertion when <em>any</em> audience is ours, so one minted for another server that also lists ours would pass
 * (audience injection). Here one foreign value refuses the assertion.
 *
 * <p>A demo client (the FAPI sample partner, whose private key is in the repository) is refused by a production
 * server ({@link DemoClientRefusal}).
 */
public class RealmAudiencesJwtClientAuthenticator extends JWTClientAuthenticator {

    /** Keycloak's {@code authenticateClient}, with {@link RealmAudiencesJwtClientValidator} in place of its validator. */
    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        context.attempted();
        try {
            ClientAssertionState assertion = context.getState(ClientAssertionState.class, ClientAssertionState.supplier());
            JsonWebToken jwt = assertion.getToken();
            if (jwt != null) {
                if (!Objects.equals(jwt.getIssuer(), jwt.getSubject())) {
                    return; // signed by a third party: federated client authentication's business
                }
                if (assertion.getClient() == null) {
                    assertion.setClient(context.getRealm().getClientByClientId(jwt.getSubject()));
                }
            }
            if (new RealmAudiencesJwtClientValidator(context, this::verifySignature, getId()).validate()) {
                context.success();
                DemoClientRefusal.apply(context);
            }
        } catch (Exception e) {
            ServicesLogger.LOGGER.errorValidatingAssertion(e);
            context.failure(AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, ClientAuthUtil.errorResponse(
                    Response.Status.BAD_REQUEST.getStatusCode(), OAuthErrorException.INVALID_CLIENT,
                    "Client authentication with signed JWT failed: " + e.getMessage()));
        }
    }

    @Override
    public int order() {
        return 100;
    }
}
