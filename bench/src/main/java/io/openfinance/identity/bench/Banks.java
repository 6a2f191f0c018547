package io.openfinance.identity.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Adds banks as the README's "Add a bank" says, through the admin REST API: an OIDC identity provider with a
 * {@code dataApiUrl} (all in one partial import), an optional {@code id:<bank>} client scope each, given to the
 * benchmarked partner. The realm already has one bank, {@code sandbox}; the others reuse its endpoints.
 */
final class Banks {

    private static final int ADMIN_THREADS = 4;

    /** Admin tokens of the master realm live 60 s; one is reused for at most half of that. */
    private static final Duration TOKEN_REUSE = Duration.ofSeconds(30);

    private final Api api;
    private int count = 1;
    private String adminToken;
    private Instant adminTokenAt = Instant.MIN;

    Banks(Api api) {
        this.api = api;
    }

    int count() {
        return count;
    }

    void growTo(int banks, String partnerInternalId) {
        if (banks <= count) {
            return;
        }
        List<String> aliases = new ArrayList<>();
        for (int i = count + 1; i <= banks; i++) {
            aliases.add("bench-bank-%04d".formatted(i));
        }
        importIdentityProviders(aliases);
        ExecutorService admin = Executors.newFixedThreadPool(ADMIN_THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<String> slice : slices(aliases, ADMIN_THREADS)) {
                done.add(admin.submit(() -> addScopes(slice, partnerInternalId)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("adding bank scopes failed", e.getCause());
        } finally {
            admin.shutdownNow();
        }
        count = banks;
    }

    private void importIdentityProviders(List<String> aliases) {
        String sandbox = api.baseUrl() + "/realms/sandbox-bank";
        ObjectNode partialImport = Api.JSON.createObjectNode().put("ifResourceExists", "FAIL");
        ArrayNode providers = partialImport.putArray("identityProviders");
        for (String alias : aliases) {
            ObjectNode provider = providers.addObject().put("alias", alias).put("displayName", "Bench Bank " + alias)
                    .put("providerId", "oidc").put("enabled", true).put("hideOnLogin", true).put("linkOnly", true);
            provider.putObject("config")
                    .put("authorizationUrl", sandbox + "/protocol/openid-connect/auth")
                    .put("tokenUrl", sandbox + "/protocol/openid-connect/token")
                    .put("dataApiUrl", sandbox + "/bank-api")
                    .put("clientId", "identity-service").put("clientSecret", "sandbox-bank-secret")
                    .put("clientAuthMethod", "client_secret_basic").put("defaultScope", "openid").put("bankType", "api");
        }
        Api.expect(200, api.postJson(api.adminUrl("/partialImport"), api.adminToken(), partialImport.toString()));
    }

    private synchronized String adminToken() {
        if (Instant.now().isAfter(adminTokenAt.plus(TOKEN_REUSE))) {
            adminTokenAt = Instant.now();
            adminToken = api.adminToken();
        }
        return adminToken;
    }

    private void addScopes(List<String> aliases, String partnerInternalId) {
        for (String alias : aliases) {
            String token = adminToken();
            ObjectNode scope = Api.JSON.createObjectNode().put("name", "id:" + alias).put("protocol", "openid-connect");
            scope.putObject("attributes").put("include.in.token.scope", "true").put("display.on.consent.screen", "false");
            HttpResponse<String> created = api.postJson(api.adminUrl("/client-scopes"), token, scope.toString());
            Api.expect(201, created);
            String location = created.headers().firstValue("Location").orElseThrow();
            String scopeId = location.substring(location.lastIndexOf('/') + 1);
            Api.expect(204, api.putJson(api.adminUrl("/clients/" + partnerInternalId + "/optional-client-scopes/" + scopeId), token, "{}"));
        }
    }

    private static List<List<String>> slices(List<String> all, int parts) {
        List<List<String>> slices = new ArrayList<>();
        int size = (all.size() + parts - 1) / parts;
        for (int from = 0; from < all.size(); from += size) {
            slices.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return slices;
    }

    static String internalId(Api api, String clientId) {
        JsonNode clients = api.getJson(api.adminUrl("/clients?clientId=" + Api.encode(clientId)), api.adminToken());
        if (clients.size() != 1) {
            throw new IllegalStateException("no single client " + clientId + " in realm " + Api.IDENTITY);
        }
        return clients.get(0).get("id").asText();
    }
}
