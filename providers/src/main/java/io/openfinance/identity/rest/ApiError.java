package io.openfinance.identity.rest;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A REST error as partners see it: {@code {"code": "...", "message": "..."}} with its HTTP status. */
public final class ApiError extends WebApplicationException {

    private ApiError(Response.Status status, String code, String message) {
        super(message, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("code", code, "message", message)).build());
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

    public static ApiError conflict(String message) {
        return new ApiError(Response.Status.CONFLICT, "conflict", message);
    }

    public static ApiError badGateway(String message) {
        return new ApiError(Response.Status.BAD_GATEWAY, "bank_unavailable", message);
    }
}
