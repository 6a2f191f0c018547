package io.openfinance.identity.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.Response;

/**
 * A resource whose root path only answers {@code GET}: the other methods get our JSON {@code method_not_allowed}
 * rather than the server's default page. Keycloak's JAX-RS routes per method, so they must be declared to be caught.
 */
public abstract class ReadOnlyRoot {

    @POST
    public Response post() {
        throw ApiError.methodNotAllowed("POST");
    }

    @PUT
    public Response put() {
        throw ApiError.methodNotAllowed("PUT");
    }

    @PATCH
    public Response patch() {
        throw ApiError.methodNotAllowed("PATCH");
    }

    @DELETE
    public Response delete() {
        throw ApiError.methodNotAllowed("DELETE");
    }
}
