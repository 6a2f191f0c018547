package io.openfinance.identity.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * One partner authorization request gives at most one connection, even when the user opens it in
 * two tabs or submits the consent twice: the first consent claims the request in Keycloak's
 * single-use store (shared by the cluster), later ones are refused.
 */
final class AuthorizationRequestOnce {

    private static final long REMEMBER_SECONDS = 24 * 60 * 60;

    private AuthorizationRequestOnce() {
    }

    static boolean claim(KeycloakSession session, AuthenticationSessionModel authSession) {
        String request = Stream.of(authSession.getClient().getId(),
                        authSession.getParentSession().getId(),
                        authSession.getClientNote(OIDCLoginProtocol.STATE_PARAM),
                        authSession.getClientNote(OIDCLoginProtocol.NONCE_PARAM),
                        authSession.getClientNote(OIDCLoginProtocol.CODE_CHALLENGE_PARAM))
                .map(String::valueOf).collect(Collectors.joining("\n"));
        return session.singleUseObjects().putIfAbsent("of.authz-request." + sha256(request), REMEMBER_SECONDS);
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
