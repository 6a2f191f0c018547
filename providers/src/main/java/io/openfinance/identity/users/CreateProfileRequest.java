package io.openfinance.identity.users;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The body of {@code POST /users}, checked field by field: everything a partner sends is hostile until then.
 * A refused body is an {@link IllegalArgumentException} whose message tells the partner what is wrong.
 */
record CreateProfileRequest(String clientUserId) {

    static final int MAX_BODY_CHARS = 4096;
    static final int MAX_CLIENT_USER_ID = 255;
    private static final ObjectMapper JSON = new ObjectMapper();

    static CreateProfileRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return new CreateProfileRequest(null);
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw new IllegalArgumentException("Body larger than " + MAX_BODY_CHARS + " characters");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("Body must be a JSON object");
        }
        json.fieldNames().forEachRemaining(name -> {
            if (!"clientUserId".equals(name)) {
                throw new IllegalArgumentException("Unknown field: only clientUserId is accepted");
            }
        });
        JsonNode clientUserId = json.get("clientUserId");
        if (clientUserId == null || clientUserId.isNull()) {
            return new CreateProfileRequest(null);
        }
        if (!clientUserId.isTextual()) {
            throw new IllegalArgumentException("clientUserId must be a string");
        }
        return new CreateProfileRequest(validClientUserId(clientUserId.asText()));
    }

    private static String validClientUserId(String value) {
        if (value.isEmpty() || value.length() > MAX_CLIENT_USER_ID) {
            throw new IllegalArgumentException("clientUserId must be 1 to " + MAX_CLIENT_USER_ID + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("clientUserId must not contain control characters");
        }
        return value;
    }
}
