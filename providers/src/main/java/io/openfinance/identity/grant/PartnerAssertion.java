package io.openfinance.identity.grant;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.authenticators.client.ClientAssertionState;
import org.keycloak.common.VerificationException;
import org.keycloak.crypto.ClientSignatureVerifierProvider;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.DefaultJWTAuthorizationGrantValidator;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.Urls;

/**
 * A {@code jwt-bearer} assertion that a partner signed with a key of its own registered JWKS, as the official client's
 * {@code getJWTBearerToken} makes it: {@code iss} = the client id, {@code sub} = a profile, {@code aud} =
 * {@code {issuer}/oidc} (or the issuer), {@code jti}, {@code iat}, {@code exp} ten minutes ahead. The checks are those
 * of Keycloak's JWT authorization grant validator; only the key comes from the client instead of an identity provider.
 */
final class PartnerAssertion {

    /** The official client's assertions live ten minutes. */
    private static final int MAX_LIFETIME_SECONDS = 600;
    private static final int ALLOWED_CLOCK_SKEW_SECONDS = 15;

    private PartnerAssertion() {
    }

    /**
     * @return the assertion's subject, once the assertion holds
     * @throws RuntimeException saying what does not hold
     */
    static String verifiedSubject(KeycloakSession session, ClientModel client, String assertion, JWSInput jws, JsonWebToken jwt) {
        if (!client.getClientId().equals(jwt.getIssuer())) {
            throw new IllegalArgumentException("The assertion was issued by another client");
        }
        ClientAssertionState state = new ClientAssertionState(OAuth2Constants.JWT_AUTHORIZATION_GRANT, assertion, jws, jwt);
        state.setClient(client);
        DefaultJWTAuthorizationGrantValidator validator = DefaultJWTAuthorizationGrantValidator.createValidator(session, null, state);
        validator.validateSubject();
        validator.validateSignatureAlgorithm(null);
        if (!signedWithAKeyOf(session, client, jws)) {
            throw new IllegalArgumentException("The assertion is not signed with a key of the client");
        }
        String issuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), session.getContext().getRealm().getName());
        validator.validateTokenAudience(List.of(issuer, issuer + "/oidc"), false);
        validator.validateTokenActive(ALLOWED_CLOCK_SKEW_SECONDS, MAX_LIFETIME_SECONDS, false);
        return jwt.getSubject();
    }

    /** Keycloak's check of a client's signed JWT ({@code decodeClientJWT}), on the assertion already read. */
    private static boolean signedWithAKeyOf(KeycloakSession session, ClientModel client, JWSInput jws) {
        ClientSignatureVerifierProvider verifiers = session.getProvider(ClientSignatureVerifierProvider.class, jws.getHeader().getRawAlgorithm());
        try {
            return verifiers.verifier(client, jws).verify(jws.getEncodedSignatureInput().getBytes(StandardCharsets.UTF_8), jws.getSignature());
        } catch (VerificationException noSuchKey) {
            return false;
        }
    }
}
