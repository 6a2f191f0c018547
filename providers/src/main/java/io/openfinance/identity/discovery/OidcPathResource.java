package io.openfinance.identity.discovery;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;
import org.keycloak.services.resources.RealmsResource;

/** {@code {realm}/oidc/.well-known/openid-configuration}: the realm's discovery document, for clients configured with a ".../oidc" issuer base. */
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
}
