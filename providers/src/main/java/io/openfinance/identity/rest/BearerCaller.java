package io.openfinance.identity.rest;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import io.openfinance.identity.scope.ScopeParameter;

/**
 * The verified caller of a REST endpoint: Keycloak checks the bearer token (signature, issuer, expiry,
 * revocation, session), this adds which client it was issued to and what it may do.
 */
public record BearerCaller(ClientModel client, UserModel user, AccessToken token, ScopeParameter scopes) {

    public static BearerCaller authenticate(KeycloakSession session) {
        AuthResult result = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (result == null || result.client() == null || !result.client().isEnabled()) {
            throw ApiError.unauthorized();
        }
        return new BearerCaller(result.client(), result.user(), result.token(), ScopeParameter.parse(result.token().getScope()));
    }

    /** The partner itself (its service account), not one of its profiles. */
    public boolean isPartner() {
        return client.getId().equals(user.getServiceAccountClientLink());
    }

    /** The partner itself, with at least one of the given scopes. */
    public BearerCaller requirePartnerScope(String... anyOf) {
        if (!isPartner() || java.util.Arrays.stream(anyOf).noneMatch(scopes::contains)) {
            throw ApiError.forbidden("This call needs a partner token with scope " + String.join(" or ", anyOf));
        }
        return this;
    }
}
