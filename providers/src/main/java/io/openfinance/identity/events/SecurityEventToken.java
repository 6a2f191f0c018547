package io.openfinance.identity.events;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * An event as a Security Event Token (RFC 8417): one event per token, signed with the realm's active key for its
 * default algorithm, so that the partner verifies it against the realm's JWKS like any token of the realm.
 */
final class SecurityEventToken {

    static final String TYPE = "secevent+jwt";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecurityEventToken() {
    }

    /** @param session a session whose context is {@code realm}: the signer takes the realm's key from there */
    static String sign(KeycloakSession session, RealmModel realm, ClientModel partner, OutboxEventEntity event) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("userId", event.getProfileId());
        payload.put("connectionId", event.getConnectionId());
        payload.put("bankId", event.getBankId());
        payload.putAll(details(event));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", event.getIssuer());
        claims.put("aud", partner.getClientId());
        claims.put("jti", event.getJti());
        claims.put("iat", event.getCreatedAt() / 1000);
        claims.put("events", Map.of(EventType.of(event.getType()).orElseThrow().uri(), payload));
        String algorithm = realm.getDefaultSignatureAlgorithm() == null || realm.getDefaultSignatureAlgorithm().isEmpty()
                ? Algorithm.RS256 : realm.getDefaultSignatureAlgorithm();
        return new JWSBuilder().type(TYPE).jsonContent(claims)
                .sign(session.getProvider(SignatureProvider.class, algorithm).signer());
    }

    private static Map<String, String> details(OutboxEventEntity event) {
        try {
            return JSON.readValue(event.getDetails(), new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + event.getJti() + " has unreadable details", e);
        }
    }
}
