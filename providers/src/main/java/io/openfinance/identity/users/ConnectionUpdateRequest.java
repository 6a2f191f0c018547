package io.openfinance.identity.users;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.openfinance.identity.rest.ApiError;

/** The body of {@code PATCH .../connections/{id}}: {@code {"expiresAt": "<ISO-8601 date-time in the future>"}} and nothing else. */
record ConnectionUpdateRequest(Instant expiresAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ConnectionUpdateRequest parse(String body, Instant now) {
        if (body == null || body.isBlank() || body.length() > CreateProfileRequest.MAX_BODY_CHARS) {
            throw ApiError.badRequest("Body must be {\"expiresAt\": \"<ISO-8601 date-time>\"}");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("Body is not valid JSON");
        }
        if (json == null || !json.isObject() || json.size() != 1 || !json.path("expiresAt").isTextual()) {
            throw ApiError.badRequest("Body must be {\"expiresAt\": \"<ISO-8601 date-time>\"}");
        }
        Instant expiresAt;
        try {
            expiresAt = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(json.get("expiresAt").asText(), Instant::from);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("expiresAt must be an ISO-8601 date-time with an offset");
        }
        if (!expiresAt.isAfter(now)) {
            throw ApiError.badRequest("expiresAt must be in the future; delete the connection to end it now");
        }
        return new ConnectionUpdateRequest(expiresAt);
    }
}
