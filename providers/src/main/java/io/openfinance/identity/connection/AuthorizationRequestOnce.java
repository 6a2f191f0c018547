package io.openfinance.identity.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * One partner authorization request gives at most one connection, even when the user opens it in
 * two tabs or submits the consent twice: the first consent claims the request in Keycloak's
 * single-use store (shared by the cluster), later ones are refused. The key is also stored with the
 * connection under a unique constraint, so that the database has the last word.
 */
final class AuthorizationRequestOnce {

    private AuthorizationRequestOnce() {
    }

    /** The request's key when this is its first claim, empty when it was claimed before. */
    static Optional<String> claim(KeycloakSession session, AuthenticationSessionModel authSession, Duration remembered) {
        String request = Stream.of(authSession.getClient().getId(),
                        authSession.getParentSession().getId(),
                        authSession.getClientNote(OIDCLoginProtocol.STATE_PARAM),
                        authSession.getClientNote(OIDCLoginProtocol.NONCE_PARAM),
                        authSession.getClientNote(OIDCLoginProtocol.CODE_CHALLENGE_PARAM))
                .map(String::valueOf).collect(Collectors.joining("\n"));
        String key = sha256(request);
        return session.singleUseObjects().putIfAbsent("of.authz-request." + key, remembered.toSeconds())
                ? Optional.of(key) : Optional.empty();
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
