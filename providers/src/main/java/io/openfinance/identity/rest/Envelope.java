package io.openfinance.identity.rest;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.UriBuilder;

import org.keycloak.models.KeycloakSession;

/**
 * The answer shape partners parse: {@code {"data": ..., "links": {"self", "next"?, "prev"?}, "meta": {...}}}.
 * Answers are JSON trees made here, so that a field without a value is written as {@code null} rather than
 * dropped by the server's own serialisation settings: partners see every documented field.
 */
public final class Envelope {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Envelope() {
    }

    /** A bare object, with its null fields kept. */
    public static ObjectNode bare(Object data) {
        return JSON.valueToTree(data);
    }

    public static ObjectNode item(KeycloakSession session, Object data) {
        return envelope(data, Map.of("self", requestUri(session).toString()), Map.of());
    }

    /** One page of a list: {@code next} only when {@code more} says there is a further page. */
    public static ObjectNode page(KeycloakSession session, List<?> data, Page page, boolean more,
                                           Map<String, Object> meta) {
        Map<String, String> links = new LinkedHashMap<>();
        if (more) {
            links.put("next", link(session, "offset", page.offset() + page.limit()));
        }
        if (page.offset() > 0) {
            links.put("prev", link(session, "offset", Math.max(0, page.offset() - page.limit())));
        }
        Map<String, Object> allMeta = new LinkedHashMap<>(meta);
        allMeta.put("limit", page.limit());
        allMeta.put("offset", page.offset());
        return page(session, data, links, allMeta);
    }

    /** One page of a list with the links its resource made ({@link #link}); {@code self} is added first. */
    public static ObjectNode page(KeycloakSession session, List<?> data, Map<String, String> links, Map<String, Object> meta) {
        Map<String, String> allLinks = new LinkedHashMap<>();
        allLinks.put("self", requestUri(session).toString());
        allLinks.putAll(links);
        return envelope(data, allLinks, meta);
    }

    /** This request's URI with the query parameter {@code name} set to {@code value} and the parameters {@code dropped} removed. */
    public static String link(KeycloakSession session, String name, Object value, String... dropped) {
        UriBuilder uri = UriBuilder.fromUri(requestUri(session)).replaceQueryParam(name, value);
        for (String parameter : dropped) {
            uri.replaceQueryParam(parameter);
        }
        return uri.build().toString();
    }

    private static ObjectNode envelope(Object data, Map<String, ?> links, Map<String, Object> meta) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", data);
        json.put("links", links);
        json.put("meta", meta);
        return bare(json);
    }

    private static URI requestUri(KeycloakSession session) {
        return session.getContext().getUri().getRequestUri();
    }
}
