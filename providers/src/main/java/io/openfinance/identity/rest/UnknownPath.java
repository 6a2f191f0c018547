package io.openfinance.identity.rest;

import java.util.function.Function;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;

/**
 * Where a resource's catch-all locator sends a path it does not know, so that partners get our JSON
 * {@code not_found} rather than the server's default page. JAX-RS prefers every declared path over the catch-all,
 * unless the path is declared for other methods only: then the locator may answer {@code method_not_allowed}.
 */
public final class UnknownPath {

    public static final UnknownPath NOT_FOUND = new UnknownPath(method -> ApiError.notFound("Path"));
    public static final UnknownPath WRONG_METHOD = new UnknownPath(ApiError::methodNotAllowed);

    private final Function<String, ApiError> answer;

    private UnknownPath(Function<String, ApiError> answer) {
        this.answer = answer;
    }

    @GET
    public Object get() {
        throw answer.apply("GET");
    }

    @POST
    public Object post() {
        throw answer.apply("POST");
    }

    @PUT
    public Object put() {
        throw answer.apply("PUT");
    }

    @PATCH
    public Object patch() {
        throw answer.apply("PATCH");
    }

    @DELETE
    public Object delete() {
        throw answer.apply("DELETE");
    }
}
