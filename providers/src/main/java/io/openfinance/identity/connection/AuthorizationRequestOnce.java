package io.openfinance.identity.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * One partner authorization request gives at most one connection, even when the user opens it in two tabs or two
 * browsers, or submits the consent twice: the first consent claims the request in Keycloak's single-use store (shared
 * by the cluster), later ones are refused. The key is the request itself, as the partner made it (client, redirect URI,
 * {@code state}, {@code nonce}, PKCE challenge, scope, claims; from the query, a request object or PAR alike), not the
 * browser that carries it. It is also stored with the connection under a unique constraint, so that the database has
 * the last word when two nodes claim at once.
 */
final class AuthorizationRequestOnce {

    private static final List<String> REQUEST_PARAMETERS = List.of(OIDCLoginProtocol.RESPONSE_TYPE_PARAM,
            OIDCLoginProtocol.STATE_PARAM, OIDCLoginProtocol.NONCE_PARAM, OIDCLoginProtocol.CODE_CHALLENGE_PARAM,
            OIDCLoginProtocol.CODE_CHALLENGE_METHOD_PARAM, OIDCLoginProtocol.SCOPE_PARAM, OIDCLoginProtocol.CLAIMS_PARAM);
    /** What tells one request of a partner from the next; a request with none of these is told apart by its browser. */
    private static final List<String> UNIQUE_PARAMETERS = List.of(OIDCLoginProtocol.STATE_PARAM, OIDCLoginProtocol.NONCE_PARAM,
            OIDCLoginProtocol.CODE_CHALLENGE_PARAM);

    private AuthorizationRequestOnce() {
    }

    /** The request's key when this is its first claim, empty when it was claimed before. */
    static Optional<String> claim(KeycloakSession session, AuthenticationSessionModel authSession, Duration remembered) {
        String key = sha256(request(authSession));
        return session.singleUseObjects().putIfAbsent("of.authz-request." + key, remembered.toSeconds())
                ? Optional.of(key) : Optional.empty();
    }

    private static String request(AuthenticationSessionModel authSession) {
        List<String> parts = new ArrayList<>(List.of(authSession.getClient().getId(), String.valueOf(authSession.getRedirectUri())));
        REQUEST_PARAMETERS.forEach(name -> parts.add(name + "=" + authSession.getClientNote(name)));
        if (UNIQUE_PARAMETERS.stream().allMatch(name -> authSession.getClientNote(name) == null)) {
            parts.add(authSession.getParentSession().getId());
        }
        return String.join("\n", parts);
    }

    private static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
