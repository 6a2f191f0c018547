package io.openfinance.identity.authrequests;

import io.openfinance.identity.connection.FlowNotes;
import org.keycloak.crypto.HashException;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.utils.OAuth2Code;
import org.keycloak.protocol.oidc.utils.OAuth2CodeParser;
import org.keycloak.protocol.oidc.utils.PkceUtils;

/**
 * Redeems, inside Keycloak, the code an auth request's flow returned, on behalf of the partner that made it. The
 * partner proved who it is with the bearer token of its {@code PATCH}, so no client authentication is replayed (we hold
 * no secret of a {@code private_key_jwt} partner); the code is Keycloak's own, single use across the cluster
 * ({@link OAuth2CodeParser}), and must have been issued to that partner, for that auth request: its nonce, redirect
 * URI and PKCE challenge are the ones our server pushed. No token is issued: the flow already made the connection,
 * which the partner then reads with its own data tokens.
 */
final class CodeRedemption {

    /** What the flow made: the profile and its new or renewed connection. */
    record Redeemed(String userId, String connectionId) {
    }

    private CodeRedemption() {
    }

    /** @throws IllegalArgumentException when the code is not one for this auth request, used, or expired */
    static Redeemed redeem(KeycloakSession session, RealmModel realm, ClientModel partner, AuthRequestEntity request, String code) {
        session.getContext().setClient(partner);
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.CODE_TO_TOKEN).client(partner);
        OAuth2CodeParser.ParseResult parsed = OAuth2CodeParser.parseCode(session, code, realm, event);
        if (parsed.isIllegalCode() || parsed.isExpiredCode()) {
            event.error("invalid_code");
            throw new IllegalArgumentException("The code is unknown, used or expired");
        }
        OAuth2Code data = parsed.getCodeData();
        AuthenticatedClientSessionModel clientSession = parsed.getClientSession();
        if (!partner.getId().equals(clientSession.getClient().getId()) || !request.getNonce().equals(data.getNonce())
                || !request.getRedirectUri().equals(data.getRedirectUriParam()) || !challengeOf(request).equals(data.getCodeChallenge())) {
            event.error("invalid_code");
            throw new IllegalArgumentException("The code was not issued for this auth request");
        }
        UserSessionModel userSession = clientSession.getUserSession();
        event.user(userSession.getUser()).session(userSession).success();
        return new Redeemed(userSession.getUser().getId(), userSession.getNote(FlowNotes.CONNECTION_ID));
    }

    static String challengeOf(AuthRequestEntity request) {
        try {
            return PkceUtils.generateS256CodeChallenge(request.getCodeVerifier());
        } catch (HashException e) {
            throw new IllegalStateException(e);
        }
    }
}
