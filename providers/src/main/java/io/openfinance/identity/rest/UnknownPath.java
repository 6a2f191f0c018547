package io.openfinance.identity.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;

/**
 * Where a resource's catch-all locator sends a path it does not know, so that partners get our JSON
 * {@code not_found} rather than the server's default page. JAX-RS prefers every declared path over the catch-all.
 */
public final class UnknownPath {

    public static final UnknownPath INSTANCE = new UnknownPath();

    private UnknownPath() {
    }

    @GET
    public Object get() {
        throw ApiError.notFound("Path");
    }

    @POST
    public Object post() {
        throw ApiError.notFound("Path");
    }

    @PUT
    public Object put() {
        throw ApiError.notFound("Path");
    }

    @PATCH
    public Object patch() {
        throw ApiError.notFound("Path");
    }

    @DELETE
    public Object delete() {
        throw ApiError.notFound("Path");
    }
}
