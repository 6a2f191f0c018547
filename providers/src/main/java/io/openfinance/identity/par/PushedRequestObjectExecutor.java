package io.openfinance.identity.par;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequestParserProcessor;
import org.keycloak.protocol.oidc.endpoints.request.RequestUriType;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.executor.SecureRequestObjectExecutor;

/**
 * Keycloak's {@code secure-request-object} executor, unchanged for a request object sent to the authorization endpoint.
 * For one pushed through PAR it verifies the same (present, unexpired, addressed to this realm, {@code client_id}
 * agreeing) but no longer compares the other query parameters with it.
 *
 * <p>A pushed request this server made itself for an auth request, from the authenticated partner's call, has no
 * request object to verify: it passes, as a pushed request authenticated by its client would under FAPI 2.
 *
 * <p>Why: RFC 9126 makes the pushed request authoritative, and Keycloak already processes a pushed request object
 * alone, ignoring what the query repeats. Comparing them only refused correct clients: openid-client's
 * {@code authorizationUrl()} after PAR adds {@code scope=openid}, {@code response_type} and {@code redirect_uri},
 * which differ from, or are absent in, the request object.
 */
public class PushedRequestObjectExecutor extends SecureRequestObjectExecutor {

    private final KeycloakSession session;

    public PushedRequestObjectExecutor(KeycloakSession session) {
        super(session);
        this.session = session;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (context instanceof AuthorizationRequestContext request && isPushed(request.getRequestParameters())) {
            if (IssuedRequestUri.isMadeByServer(session, request.getRequestParameters().getFirst(OIDCLoginProtocol.REQUEST_URI_PARAM))) {
                return;
            }
            super.executeOnEvent(new AuthorizationRequestContext(request.getParsedResponseType(),
                    request.getAuthorizationEndpointRequest(), request.getRedirectUri(),
                    onlyClientIdAndRequestUri(request.getRequestParameters()), request.getAuthenticationSession()));
        } else {
            super.executeOnEvent(context);
        }
    }

    private static boolean isPushed(MultivaluedMap<String, String> query) {
        String requestUri = query == null ? null : query.getFirst(OIDCLoginProtocol.REQUEST_URI_PARAM);
        return requestUri != null
                && AuthorizationEndpointRequestParserProcessor.getRequestUriType(requestUri) == RequestUriType.PAR;
    }

    private static MultivaluedMap<String, String> onlyClientIdAndRequestUri(MultivaluedMap<String, String> query) {
        MultivaluedMap<String, String> kept = new MultivaluedHashMap<>();
        for (String name : new String[] {OIDCLoginProtocol.CLIENT_ID_PARAM, OIDCLoginProtocol.REQUEST_URI_PARAM}) {
            if (query.containsKey(name)) {
                kept.put(name, query.get(name));
            }
        }
        return kept;
    }
}
