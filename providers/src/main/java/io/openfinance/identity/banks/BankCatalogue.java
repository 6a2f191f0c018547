package io.openfinance.identity.banks;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.openfinance.identity.bank.Bank;
import org.keycloak.models.IdentityProviderQuery;
import org.keycloak.models.KeycloakSession;

/**
 * The banks a partner can name in {@code id:<bankId>}: every identity provider of the realm that is a bank
 * ({@link Bank#isBank}), so a bank an admin adds is listed without code. Public and cacheable: it holds
 * nothing but names, types, icons and availability.
 */
public final class BankCatalogue {

    public static final String API = "api";
    public static final String TEST = "test";

    /** Long enough to spare the server, short enough that a disabled bank shows within a minute. */
    private static final String CACHE_CONTROL = "public, max-age=60";

    private final KeycloakSession session;

    public BankCatalogue(KeycloakSession session) {
        this.session = session;
    }

    /** {@code {"data": [...], "links": {"self"}, "meta": {"count"}}}. */
    Response envelope() {
        List<CatalogueEntry> banks = banks().toList();
        return cacheable(Map.of(
                "data", banks,
                "links", Map.of("self", session.getContext().getUri().getRequestUri().toString()),
                "meta", Map.of("count", banks.size())));
    }

    /** Bare JSON arrays, as the official client's {@code list*Connections} calls expect. */
    public Response all() {
        return cacheable(banks().toList());
    }

    public Response ofType(String type) {
        return cacheable(banks().filter(bank -> bank.type().equals(type)).toList());
    }

    private Stream<CatalogueEntry> banks() {
        return session.identityProviders().getAllStream(IdentityProviderQuery.any(), null, null)
                .filter(Bank::isBank)
                .map(CatalogueEntry::of);
    }

    private static Response cacheable(Object body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
    }
}
