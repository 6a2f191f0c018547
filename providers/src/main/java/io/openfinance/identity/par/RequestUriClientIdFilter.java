package io.openfinance.identity.par;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;

import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * Lets {@code auth?request_uri=…} without {@code client_id} through for request URIs that {@code POST /request}
 * issued, as partners' clients send them: Keycloak 26.7.3 refuses an authorization request without
 * {@code client_id} before it reads anything else ({@code AuthorizationEndpointRequestParserProcessor.getClientId}),
 * so the client id the URI carries ({@link IssuedRequestUri}) is added to the query before Keycloak sees it. Every
 * other request, a request URI of Keycloak's own PAR endpoint without {@code client_id} included, passes unchanged
 * and is refused or served by Keycloak as before.
 */
@Provider
@PreMatching
public class RequestUriClientIdFilter implements ContainerRequestFilter {

    private static final String AUTHORIZATION_PATH = "/protocol/openid-connect/auth";

    @Override
    public void filter(ContainerRequestContext request) {
        if (!HttpMethod.GET.equals(request.getMethod())) {
            return;
        }
        UriInfo uri = request.getUriInfo();
        if (!uri.getPath().endsWith(AUTHORIZATION_PATH)) {
            return;
        }
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        List<String> requestUris = query.get(OIDCLoginProtocol.REQUEST_URI_PARAM);
        if (query.containsKey(OIDCLoginProtocol.CLIENT_ID_PARAM) || requestUris == null || requestUris.size() != 1) {
            return;
        }
        IssuedRequestUri.clientIdOf(requestUris.get(0)).ifPresent(clientId -> {
            URI original = uri.getRequestUri();
            request.setRequestUri(URI.create(original.toString() + "&" + OIDCLoginProtocol.CLIENT_ID_PARAM + "="
                    + URLEncoder.encode(clientId, StandardCharsets.UTF_8)));
        });
    }
}
