package io.openfinance.identity.par;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.openfinance.identity.rest.ApiError;
import org.keycloak.common.util.Time;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.protocol.oidc.endpoints.request.AuthzEndpointRequestObjectParser;
import org.keycloak.protocol.oidc.par.clientpolicy.context.PushedAuthorizationRequestContext;
import org.keycloak.services.Urls;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/**
 * {@code POST {realm}/request}: a partner's signed request object in, a single-use request URI out, for
 * {@code auth?request_uri=…} alone. The object is verified with Keycloak's own request-object parser (the client's
 * registered keys and {@code request.object.signature.alg}) and the client policies a pushed request meets; since
 * nothing else authenticates the call, the object must also name its client as issuer, this realm as audience and
 * be unexpired. The authorization endpoint verifies it again when the URI is used.
 *
 * <p>The answer is the request URI alone, as text: the official Node client puts the body as it is into
 * {@code auth?request_uri=}.
 */
public class RequestUriResource {

    static final String APPLICATION_JWS = "application/jws";
    private static final int MAX_REQUEST_OBJECT_CHARS = 32 * 1024;

    private final KeycloakSession session;
    private final RealmModel realm;

    RequestUriResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @POST
    @Consumes({APPLICATION_JWS, MediaType.WILDCARD})
    @Produces(MediaType.TEXT_PLAIN)
    public Response push(String body) {
        String requestObject = body == null ? "" : body.trim();
        if (requestObject.isEmpty() || requestObject.length() > MAX_REQUEST_OBJECT_CHARS) {
            throw ApiError.badRequest("Send one request object (a JWS, Content-Type application/jws) as the body");
        }
        ClientModel client = namedClient(unverifiedClaims(requestObject));
        session.getContext().setClient(client);
        AuthorizationEndpointRequest request = new AuthorizationEndpointRequest();
        try {
            new AuthzEndpointRequestObjectParser(session, requestObject, client).parseRequest(request);
        } catch (RuntimeException e) {
            throw ApiError.badRequest("The request object is not one this client may send: " + e.getMessage());
        }
        requireBoundToThisRealm(unverifiedClaims(requestObject), client);
        MultivaluedMap<String, String> parameters = new MultivaluedHashMap<>();
        parameters.putSingle(OIDCLoginProtocol.CLIENT_ID_PARAM, client.getClientId());
        parameters.putSingle(OIDCLoginProtocol.REQUEST_PARAM, requestObject);
        try {
            session.clientPolicy().triggerOnEvent(new PushedAuthorizationRequestContext(client, request, parameters));
        } catch (ClientPolicyException e) {
            throw ApiError.badRequest(e.getError() + ": " + e.getErrorDetail());
        }
        String requestUri = IssuedRequestUri.issue(session, client, requestObject);
        return Response.created(URI.create(requestUri)).entity(requestUri).type(MediaType.TEXT_PLAIN_TYPE).build();
    }

    /** The claims as sent, to find the client whose keys then verify them. */
    private static JsonNode unverifiedClaims(String requestObject) {
        try {
            return new JWSInput(requestObject).readJsonContent(JsonNode.class);
        } catch (JWSInputException | RuntimeException e) {
            throw ApiError.badRequest("The body is not a request object (a JWS)");
        }
    }

    private ClientModel namedClient(JsonNode claims) {
        String clientId = claims.path(OIDCLoginProtocol.CLIENT_ID_PARAM).asText("");
        ClientModel client = clientId.isEmpty() ? null : realm.getClientByClientId(clientId);
        if (client == null || !client.isEnabled() || client.isBearerOnly()
                || !OIDCLoginProtocol.LOGIN_PROTOCOL.equals(client.getProtocol())) {
            throw ApiError.badRequest("The request object must name, in client_id, a client of this realm");
        }
        return client;
    }

    /** Checked after the signature: the claims are then the client's own. */
    private void requireBoundToThisRealm(JsonNode claims, ClientModel client) {
        String issuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        if (!client.getClientId().equals(claims.path("iss").asText())) {
            throw ApiError.badRequest("The request object's iss must be its client_id");
        }
        JsonNode audience = claims.path("aud");
        boolean ours = audience.isArray() ? contains(audience, issuer) : issuer.equals(audience.asText());
        if (!ours) {
            throw ApiError.badRequest("The request object's aud must be this realm's issuer, " + issuer);
        }
        if (!claims.path("exp").canConvertToLong() || claims.path("exp").asLong() <= Time.currentTime()) {
            throw ApiError.badRequest("The request object must carry an exp in the future");
        }
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }
}
