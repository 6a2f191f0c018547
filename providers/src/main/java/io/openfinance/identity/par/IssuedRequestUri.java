package io.openfinance.identity.par;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * A request URI that {@code POST /request} issues: a pushed authorization request in Keycloak's own store (the
 * cluster's single-use store, under the key and with the fields {@code ParEndpoint} of Keycloak 26.7.3 uses), so that
 * the authorization endpoint resolves it as it resolves any pushed request: once, within the realm's PAR lifespan,
 * with the request object verified again.
 *
 * <p>The client's id is written into the URI, {@code urn:ietf:params:oauth:request_uri:<base64url(client_id)>.<random>},
 * because partners' clients send such a URI alone and Keycloak needs {@code client_id} before it reads any store:
 * {@link RequestUriClientIdFilter} adds it from there. The id in the URI decides nothing: the stored request names
 * the client, and Keycloak refuses the request when the two differ. Keycloak's own request URIs have no dot.
 */
public final class IssuedRequestUri {

    static final String PREFIX = "urn:ietf:params:oauth:request_uri:";
    /** The single-use store's key prefix and the creation-time field of Keycloak's PAR (ParEndpoint, AuthzEndpointParParser). */
    private static final String STORE_KEY_PREFIX = "par:";
    private static final String CREATED_TIME = "par.created.time";
    private static final char SEPARATOR = '.';

    private IssuedRequestUri() {
    }

    /** Stores a verified request object of {@code client} as a pushed request; answers its request URI. */
    static String issue(KeycloakSession session, ClientModel client, String requestObject) {
        return issue(session, client, Map.of(OIDCLoginProtocol.REQUEST_PARAM, requestObject));
    }

    /**
     * Stores the parameters of an authorization request this server made for {@code client} (an auth request), which
     * has no request object: {@link PushedRequestObjectExecutor} knows it by that.
     */
    public static String issueMadeByServer(KeycloakSession session, ClientModel client, Map<String, String> parameters) {
        if (parameters.containsKey(OIDCLoginProtocol.REQUEST_PARAM)) {
            throw new IllegalArgumentException("A request made by this server has no request object");
        }
        return issue(session, client, parameters);
    }

    /** Whether the pushed request behind {@code requestUri} is one this server made, not a partner's request object. */
    static boolean isMadeByServer(KeycloakSession session, String requestUri) {
        if (clientIdOf(requestUri).isEmpty()) {
            return false;
        }
        Map<String, String> pushed = session.singleUseObjects().get(STORE_KEY_PREFIX + requestUri.substring(PREFIX.length()));
        return pushed != null && !pushed.containsKey(OIDCLoginProtocol.REQUEST_PARAM);
    }

    private static String issue(KeycloakSession session, ClientModel client, Map<String, String> parameters) {
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(client.getClientId().getBytes(StandardCharsets.UTF_8))
                + SEPARATOR + SecretGenerator.getInstance().generateSecureID();
        Map<String, String> pushed = new HashMap<>(parameters);
        pushed.put(OIDCLoginProtocol.CLIENT_ID_PARAM, client.getClientId());
        pushed.put(CREATED_TIME, String.valueOf(System.currentTimeMillis()));
        int lifespanSeconds = session.getContext().getRealm().getParPolicy().getRequestUriLifespan();
        session.singleUseObjects().put(STORE_KEY_PREFIX + key, lifespanSeconds, pushed);
        return PREFIX + key;
    }

    /** The client id written into a request URI of ours; empty for any other string. */
    static Optional<String> clientIdOf(String requestUri) {
        if (requestUri == null || !requestUri.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String key = requestUri.substring(PREFIX.length());
        int separator = key.indexOf(SEPARATOR);
        if (separator <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(key.substring(0, separator)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
