package io.openfinance.identity.banks;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.Banks;
import io.openfinance.identity.demo.DemoDataGuard;
import io.openfinance.identity.scope.ScopeParameter;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The banks a partner can name in {@code id:<bankId>}: every identity provider of the realm that is a bank
 * ({@link Bank#isBank}), so a bank an admin adds is listed without code; not demo data that a production server
 * refuses. Public and cacheable: it holds nothing but names, types, icons and availability.
 */
public final class BankCatalogue {

    public static final String API = "api";
    public static final String TEST = "test";

    /** Long enough to spare the server, short enough that a disabled bank shows within a minute. */
    private static final String CACHE_CONTROL = "public, max-age=60";

    /**
     * One query for the few settings listed. Keycloak's {@code identityProviders().getAllStream} loads each
     * provider's config with a query of its own: 901 queries and up to a second and a half for 900 banks.
     */
    private static final String LISTED_SETTINGS = "select idp.alias, idp.displayName, idp.enabled, key(c), value(c), idp.providerId "
            + "from IdentityProviderEntity idp join idp.config c "
            + "where idp.realmId = :realmId and key(c) in :keys order by idp.alias";

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

    /** The scopes partners name the banks with: {@code id:<bankId>} for each. */
    public List<String> scopes() {
        return banks().map(bank -> ScopeParameter.BANK_PREFIX + bank.id()).toList();
    }

    public Response ofType(String type) {
        return cacheable(banks().filter(bank -> bank.type().equals(type)).toList());
    }

    private Stream<CatalogueEntry> banks() {
        List<Object[]> rows = session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery(LISTED_SETTINGS, Object[].class)
                .setParameter("realmId", session.getContext().getRealm().getId())
                .setParameter("keys", List.of(BankConfig.DATA_API_URL, CatalogueEntry.TYPE, CatalogueEntry.ICON_URL, DemoDataGuard.ATTRIBUTE))
                .getResultList();
        DemoDataGuard demo = DemoDataGuard.of(session);
        Map<String, Provider> providers = new LinkedHashMap<>();
        for (Object[] row : rows) {
            providers.computeIfAbsent((String) row[0],
                            alias -> new Provider(alias, (String) row[5], (String) row[1], (Boolean) row[2], new HashMap<>()))
                    .config().put((String) row[3], (String) row[4]);
        }
        return providers.values().stream()
                .filter(provider -> Banks.isBank(provider.type(), provider.config()))
                .filter(provider -> !demo.refusesBank(provider.config()))
                .map(provider -> CatalogueEntry.of(provider.alias(), provider.displayName(), provider.enabled(), provider.config()));
    }

    private record Provider(String alias, String type, String displayName, boolean enabled, Map<String, String> config) {
    }

    private static Response cacheable(Object body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
    }
}
