package io.openfinance.identity.banks;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.core.Response;

import io.openfinance.identity.rest.ReadOnlyRoot;
import org.keycloak.models.KeycloakSession;

/** {@code {realm}/banks}: the bank catalogue, no token needed. */
public class BankCatalogueResource extends ReadOnlyRoot {

    private final BankCatalogue catalogue;

    BankCatalogueResource(KeycloakSession session) {
        this.catalogue = new BankCatalogue(session);
    }

    @GET
    public Response banks() {
        return catalogue.envelope();
    }
}
