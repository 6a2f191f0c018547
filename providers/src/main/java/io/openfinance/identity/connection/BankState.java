package io.openfinance.identity.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The {@code state} sent to the bank: a single-use secret kept in the authentication session, plus the
 * tab and client that locate that session under the browser's authentication-session cookie.
 */
record BankState(String secret, String tabId, String clientUuid) {

    private static final String SEPARATOR = ".";

    static String encode(String secret, AuthenticationSessionModel authSession) {
        return secret + SEPARATOR + authSession.getTabId() + SEPARATOR + authSession.getClient().getId();
    }

    static Optional<BankState> decode(String state) {
        if (state == null || state.length() > 512) {
            return Optional.empty();
        }
        String[] parts = state.split("\\.", -1);
        if (parts.length != 3 || Arrays.stream(parts).anyMatch(String::isEmpty)) {
            return Optional.empty();
        }
        return Optional.of(new BankState(parts[0], parts[1], parts[2]));
    }

    boolean matches(String expectedSecret) {
        return expectedSecret != null && MessageDigest.isEqual(
                expectedSecret.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    }
}
