package io.openfinance.identity.connection;

import java.time.Instant;
import java.util.stream.Stream;

import io.openfinance.identity.sealing.Sealer;
import io.openfinance.identity.store.BankTokens;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The bank's tokens between the bank callback and the end of the flow, in authentication-session notes, which
 * Keycloak replicates across the cluster: sealed like at rest, bound to this authentication session and the note.
 */
final class BankTokenNotes {

    private BankTokenNotes() {
    }

    static void put(KeycloakSession session, AuthenticationSessionModel authSession, BankTokens tokens) {
        Sealer sealer = new Sealer(session, authSession.getRealm());
        String row = row(authSession);
        authSession.setAuthNote(FlowNotes.BANK_ACCESS_TOKEN, sealer.seal(tokens.accessToken(), row, FlowNotes.BANK_ACCESS_TOKEN));
        if (tokens.refreshToken() != null) {
            authSession.setAuthNote(FlowNotes.BANK_REFRESH_TOKEN, sealer.seal(tokens.refreshToken(), row, FlowNotes.BANK_REFRESH_TOKEN));
        }
        if (tokens.expiresAt() != null) {
            authSession.setAuthNote(FlowNotes.BANK_TOKEN_EXPIRES, Long.toString(tokens.expiresAt().toEpochMilli()));
        }
        if (tokens.grantId() != null) {
            authSession.setAuthNote(FlowNotes.BANK_GRANT_ID, tokens.grantId());
        }
    }

    static boolean present(AuthenticationSessionModel authSession) {
        return authSession.getAuthNote(FlowNotes.BANK_ACCESS_TOKEN) != null;
    }

    /** Opens the tokens and removes the notes. */
    static BankTokens take(KeycloakSession session, AuthenticationSessionModel authSession) {
        Sealer sealer = new Sealer(session, authSession.getRealm());
        String row = row(authSession);
        String expires = authSession.getAuthNote(FlowNotes.BANK_TOKEN_EXPIRES);
        BankTokens tokens = new BankTokens(
                sealer.open(authSession.getAuthNote(FlowNotes.BANK_ACCESS_TOKEN), row, FlowNotes.BANK_ACCESS_TOKEN),
                sealer.open(authSession.getAuthNote(FlowNotes.BANK_REFRESH_TOKEN), row, FlowNotes.BANK_REFRESH_TOKEN),
                expires == null ? null : Instant.ofEpochMilli(Long.parseLong(expires)),
                authSession.getAuthNote(FlowNotes.BANK_GRANT_ID));
        Stream.of(FlowNotes.BANK_ACCESS_TOKEN, FlowNotes.BANK_REFRESH_TOKEN, FlowNotes.BANK_TOKEN_EXPIRES, FlowNotes.BANK_GRANT_ID)
                .forEach(authSession::removeAuthNote);
        return tokens;
    }

    /** The authentication session: its browser's root session and its tab. */
    private static String row(AuthenticationSessionModel authSession) {
        return authSession.getParentSession().getId() + "/" + authSession.getTabId();
    }
}
