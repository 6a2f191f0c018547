package io.openfinance.identity.banks;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.Response;

import io.openfinance.identity.rest.ApiError;
import org.keycloak.models.KeycloakSession;

/** {@code {realm}/banks}: the bank catalogue, no token needed. */
public class BankCatalogueResource {

    private final BankCatalogue catalogue;

    BankCatalogueResource(KeycloakSession session) {
        this.catalogue = new BankCatalogue(session);
    }

    @GET
    public Response banks() {
        return catalogue.envelope();
    }

    // A known path asked with a method it does not take answers JSON too, not the server's default page.

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
