package io.openfinance.identity.obsandbox;

import java.util.regex.Pattern;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;

/** The FAPI request headers the sandbox requires: its {@code x-fapi-financial-id}, and an interaction id to echo. */
final class FapiHeaders {

    static final String FINANCIAL_ID = "x-fapi-financial-id";
    static final String INTERACTION_ID = "x-fapi-interaction-id";
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
        return interactionId;
    }
}
