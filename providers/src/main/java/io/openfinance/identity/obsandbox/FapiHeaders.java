package io.openfinance.identity.obsandbox;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;

/**
 * The FAPI request headers the sandbox requires: its {@code x-fapi-financial-id}, and an interaction id to echo; and
 * {@code x-fapi-auth-date}, optional, which must then be an RFC 7231 IMF-fixdate.
 */
final class FapiHeaders {

    static final String FINANCIAL_ID = "x-fapi-financial-id";
    static final String INTERACTION_ID = "x-fapi-interaction-id";
    static final String AUTH_DATE = "x-fapi-auth-date";
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final Pattern UUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private FapiHeaders() {
    }

    /** @return the caller's interaction id, to echo */
    static String check(KeycloakSession session) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        if (!ObSandboxResource.FINANCIAL_ID.equals(headers.getHeaderString(FINANCIAL_ID))) {
            throw ObError.of(Response.Status.FORBIDDEN, "UK.OBIE.Header.Invalid", FINANCIAL_ID + " is not this bank's");
        }
        String interactionId = headers.getHeaderString(INTERACTION_ID);
        if (interactionId == null || !UUID.matcher(interactionId).matches()) {
            throw ObError.badRequest("UK.OBIE.Header.Invalid", INTERACTION_ID + " must be a UUID");
        }
        authDate(session);
        return interactionId;
    }

    /** The caller's {@value #AUTH_DATE}, when sent. */
    static Optional<String> authDate(KeycloakSession session) {
        String authDate = session.getContext().getRequestHeaders().getHeaderString(AUTH_DATE);
        if (authDate == null) {
            return Optional.empty();
        }
        try {
            if (IMF_FIXDATE.format(IMF_FIXDATE.parse(authDate, Instant::from)).equals(authDate)) {
                return Optional.of(authDate);
            }
        } catch (DateTimeException malformed) {
            // refused below
        }
        throw ObError.badRequest("UK.OBIE.Header.Invalid", AUTH_DATE + " must be an RFC 7231 date");
    }
}
