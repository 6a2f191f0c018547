package io.openfinance.identity.authrequests;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST /auth-requests}, field by field. Payments and fields we do not know are refused by name
 * rather than ignored: a partner must not believe we did something we did not. A refused body is an
 * {@link IllegalArgumentException} whose message tells the partner what is wrong.
 */
record NewAuthRequest(String redirectUri, String userId, String scope, String connectionId, JsonNode permissions,
                      String expirationDateTime, String transactionFromDateTime) {

    static final int MAX_BODY_CHARS = 8192;
    private static final int MAX_FIELD_CHARS = 1024;
    private static final Set<String> PAYMENTS = Set.of("payment", "standingOrder", "recurringPayment", "reversePayment");
    private static final Set<String> KNOWN = Set.of("redirectUri", "userId", "scope", "connectionId", "permissions",
            "expirationDateTime", "transactionFromDateTime");
    private static final ObjectMapper JSON = new ObjectMapper();

    static NewAuthRequest parse(String body) {
        if (body == null || body.isBlank() || body.length() > MAX_BODY_CHARS) {
            throw new IllegalArgumentException("Send a JSON object of at most " + MAX_BODY_CHARS + " characters");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The body is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object");
        }
        List<String> payments = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                continue;
            }
            if (PAYMENTS.contains(field.getKey())) {
                payments.add(field.getKey());
            } else if (!KNOWN.contains(field.getKey())) {
                unknown.add(field.getKey());
            }
        }
        if (!payments.isEmpty()) {
            throw new IllegalArgumentException("Payments are not offered: " + String.join(", ", payments));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown fields: " + String.join(", ", unknown));
        }
        NewAuthRequest request = new NewAuthRequest(text(json, "redirectUri", true), text(json, "userId", false),
                text(json, "scope", true), text(json, "connectionId", false), permissions(json.path("permissions")),
                text(json, "expirationDateTime", false), text(json, "transactionFromDateTime", false));
        if (request.connectionId() != null && request.userId() == null) {
            throw new IllegalArgumentException("connectionId needs the userId it belongs to");
        }
        return request;
    }

    /** The {@code claims} parameter of the authorization request this makes: the client's own shape. */
    String claims() {
        ObjectNode idToken = JSON.createObjectNode();
        ObjectNode sub = idToken.putObject("sub").put("essential", true);
        ObjectNode connection = idToken.putObject("mh:con_id").put("essential", true);
        if (userId != null) {
            sub.put("value", userId);
        }
        if (connectionId != null) {
            connection.put("value", connectionId);
        }
        if (permissions != null || expirationDateTime != null || transactionFromDateTime != null) {
            ObjectNode consent = idToken.putObject("mh:consent").put("essential", true).putObject("value");
            if (expirationDateTime != null) {
                consent.put("expirationDateTime", expirationDateTime);
            }
            if (transactionFromDateTime != null) {
                consent.put("transactionFromDateTime", transactionFromDateTime);
            }
            if (permissions != null) {
                consent.set("permissions", permissions);
            }
        }
        ObjectNode claims = JSON.createObjectNode();
        claims.set("id_token", idToken);
        return claims.toString();
    }

    private static String text(JsonNode json, String name, boolean required) {
        JsonNode value = json.path(name);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException(name + " is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > MAX_FIELD_CHARS) {
            throw new IllegalArgumentException(name + " must be a non-empty string of at most " + MAX_FIELD_CHARS + " characters");
        }
        return value.asText();
    }

    /** An array of strings; one string alone, as the client's type declares it, counts as a list of one. */
    private static JsonNode permissions(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return JSON.createArrayNode().add(value.asText());
        }
        if (value.isArray()) {
            for (JsonNode permission : value) {
                if (!permission.isTextual()) {
                    throw new IllegalArgumentException("permissions must be strings");
                }
            }
            return value;
        }
        throw new IllegalArgumentException("permissions must be an array of strings");
    }
}
