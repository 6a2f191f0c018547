package io.openfinance.identity.discovery;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import io.openfinance.identity.banks.BankCatalogue;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;
import org.keycloak.services.resources.RealmsResource;

/**
 * {@code {realm}/oidc/.well-known/...}: the realm's discovery document and the bank catalogue lists, for clients
 * configured with a ".../oidc" identity service base.
 */
public class OidcPathResource {

    private static final Logger LOG = Logger.getLogger(OidcPathResource.class);

    private final KeycloakSession session;

    OidcPathResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path(".well-known/openid-configuration")
    public Response discovery() {
        return RealmsResource.getWellKnownResponse(session, session.getContext().getRealm().getName(),
                OIDCWellKnownProviderFactory.PROVIDER_ID, LOG);
    }

    @GET
    @Path(".well-known/all-connections")
    public Response allConnections() {
        return new BankCatalogue(session).all();
    }

    @GET
    @Path(".well-known/api-connections")
    public Response apiConnections() {
        return new BankCatalogue(session).ofType(BankCatalogue.API);
    }

    @GET
    @Path(".well-known/test-connections")
    public Response testConnections() {
        return new BankCatalogue(session).ofType(BankCatalogue.TEST);
    }
}
