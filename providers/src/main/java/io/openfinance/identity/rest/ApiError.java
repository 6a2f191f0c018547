package io.openfinance.identity.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

/**
 * A REST error as partners see it: {@code {"code", "message", "correlationId"}} with its HTTP status.
 * The correlation id is logged with the error, so that support can find the request a partner quotes.
 */
public final class ApiError extends WebApplicationException {

    private static final Logger LOG = Logger.getLogger(ApiError.class);

    private final String code;

    private ApiError(Response.Status status, String code, String message) {
        this(code, message, response(status, code, message).build());
    }

    private ApiError(String code, String message, Response response) {
        super(message, response);
        this.code = code;
    }

    public String code() {
        return code;
    }

    private static Response.ResponseBuilder response(Response.Status status, String code, String message) {
        String correlationId = UUID.randomUUID().toString();
        LOG.infof("API error %s: %d %s (%s)", correlationId, status.getStatusCode(), code, message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("correlationId", correlationId);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
    }

    public static ApiError badRequest(String message) {
        return new ApiError(Response.Status.BAD_REQUEST, "bad_request", message);
    }

    public static ApiError unauthorized() {
        return new ApiError(Response.Status.UNAUTHORIZED, "unauthorized", "A valid bearer token is required");
    }

    public static ApiError forbidden(String message) {
        return new ApiError(Response.Status.FORBIDDEN, "forbidden", message);
    }

    public static ApiError notFound(String what) {
        return new ApiError(Response.Status.NOT_FOUND, "not_found", what + " not found");
    }

    public static ApiError methodNotAllowed(String method) {
        return new ApiError(Response.Status.METHOD_NOT_ALLOWED, "method_not_allowed", method + " is not allowed on this path");
    }

    public static ApiError conflict(String message) {
        return new ApiError(Response.Status.CONFLICT, "conflict", message);
    }

    /** Something in progress conflicts with the call; the same call may succeed after {@code retryAfterSeconds}. */
    public static ApiError conflict(String message, long retryAfterSeconds) {
        return retryLater(Response.Status.CONFLICT, "conflict", message, retryAfterSeconds);
    }

    /** A limit was reached; the same call may succeed after {@code retryAfterSeconds}. */
    public static ApiError tooManyRequests(String message, long retryAfterSeconds) {
        return retryLater(Response.Status.TOO_MANY_REQUESTS, "too_many_requests", message, retryAfterSeconds);
    }

    private static ApiError retryLater(Response.Status status, String code, String message, long retryAfterSeconds) {
        return new ApiError(code, message, response(status, code, message)
                .header("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))).build());
    }
}
