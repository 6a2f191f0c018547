package io.openfinance.identity.data;

import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.openfinance.identity.rest.ApiError;

/**
 * The body of {@code POST /data/sync/{connectionId}}: {@code {customerIpAddress?, customerLastLoggedTime?}}. With an
 * address the customer is present, and the bank is told so; the address must look like one (IPv4 or IPv6).
 */
record SyncRequest(String customerIpAddress) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 2048;
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]{2,45}");

    static SyncRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return new SyncRequest(null);
        }
        if (body.length() > MAX_BODY) {
            throw ApiError.badRequest("The body is too large");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("The body must be a JSON object");
        }
        if (json == null || !json.isObject()) {
            throw ApiError.badRequest("The body must be a JSON object");
        }
        JsonNode address = json.path("customerIpAddress");
        if (address.isMissingNode() || address.isNull()) {
            return new SyncRequest(null);
        }
        if (!address.isTextual() || !IP_ADDRESS.matcher(address.asText()).matches()) {
            throw ApiError.badRequest("customerIpAddress must be an IP address");
        }
        return new SyncRequest(address.asText());
    }
}
