package io.openfinance.identity.authrequests;

import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The body of {@code PATCH /auth-requests/{id}}: {@code {"authParams": {code, state, id_token?}}} as the partner's
 * redirect URI received them, or {@code {"authParams": {error, error_description?}}}. The id token, if sent, is not
 * needed: the code says everything, from Keycloak's own store.
 */
record Completion(String code, String state, String error) {

    private static final int MAX_BODY_CHARS = 16 * 1024;
    private static final int MAX_FIELD_CHARS = 4096;
    /** What the client's AuthParams declares, and what else the redirect carries (RFC 9207 iss, session_state). */
    private static final Set<String> FIELDS = Set.of("code", "state", "id_token", "error", "error_description", "iss", "session_state");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Completion parse(String body) {
        if (body == null || body.isBlank() || body.length() > MAX_BODY_CHARS) {
            throw new IllegalArgumentException("Send {\"authParams\": {...}} as JSON");
        }
        JsonNode params;
        try {
            params = JSON.readTree(body).path("authParams");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The body is not JSON");
        }
        if (!params.isObject()) {
            throw new IllegalArgumentException("authParams must be an object");
        }
        for (Iterator<String> names = params.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("Unknown field in authParams: " + name);
            }
        }
        String error = text(params, "error");
        if (error != null) {
            return new Completion(null, null, error.length() > 255 ? error.substring(0, 255) : error);
        }
        String code = text(params, "code");
        String state = text(params, "state");
        if (code == null || state == null) {
            throw new IllegalArgumentException("authParams needs code and state, or error");
        }
        return new Completion(code, state, null);
    }

    private static String text(JsonNode params, String name) {
        JsonNode value = params.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > MAX_FIELD_CHARS) {
            throw new IllegalArgumentException(name + " must be a non-empty string");
        }
        return value.asText();
    }
}
