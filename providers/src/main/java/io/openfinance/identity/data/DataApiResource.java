package io.openfinance.identity.data;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.openfinance.identity.rest.ApiError;
import io.openfinance.identity.rest.BearerCaller;
import io.openfinance.identity.scope.DataScope;
import org.keycloak.models.KeycloakSession;

/**
 * {@code {realm}/data}: the reference Data API. A data token reads the accounts and transactions of
 * the connections it covers, fetched from each bank with the connection's stored bank token.
 */
@Produces(MediaType.APPLICATION_JSON)
public class DataApiResource {

    private static final int MAX_LIMIT = 500;

    private final KeycloakSession session;

    DataApiResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("accounts")
    public Map<String, Object> accounts() {
        DataReader reader = reader(DataScope.ACCOUNTS);
        return Map.of("data", reader.accounts());
    }

    @GET
    @Path("accounts/{accountId}")
    public JsonNode account(@PathParam("accountId") String accountId) {
        return reader(DataScope.ACCOUNTS).account(AccountId.parse(accountId))
                .orElseThrow(() -> ApiError.notFound("Account"));
    }

    @GET
    @Path("transactions")
    public Map<String, Object> transactions(@QueryParam("accountId") String accountId,
                                            @QueryParam("limit") @DefaultValue("100") int limit,
                                            @QueryParam("offset") @DefaultValue("0") int offset) {
        if (accountId == null) {
            throw ApiError.badRequest("accountId is required");
        }
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw ApiError.badRequest("limit must be 1 to " + MAX_LIMIT + " and offset 0 or more");
        }
        DataReader reader = reader(DataScope.TRANSACTIONS_ALL, DataScope.TRANSACTIONS_IN, DataScope.TRANSACTIONS_OUT);
        List<JsonNode> transactions = reader.transactions(AccountId.parse(accountId))
                .orElseThrow(() -> ApiError.notFound("Account"));
        List<JsonNode> page = transactions.stream().skip(offset).limit(limit).toList();
        return Map.of("data", page, "limit", limit, "offset", offset, "total", transactions.size());
    }

    /** A reader for a profile's data token that holds at least one of {@code anyOf}. */
    private DataReader reader(DataScope... anyOf) {
        BearerCaller caller = BearerCaller.authenticate(session);
        Set<DataScope> granted = caller.scopes().dataScopes();
        if (caller.isPartner() || Set.of(anyOf).stream().noneMatch(granted::contains)) {
            throw ApiError.forbidden("This call needs a data token with scope " + anyOf[0].scope());
        }
        Object covered = caller.token().getOtherClaims().get("mh:con_ids");
        if (!(covered instanceof List<?> ids) || ids.isEmpty()) {
            throw ApiError.forbidden("This token covers no bank connection");
        }
        return new DataReader(session, caller.user().getId(), ids.stream().map(String::valueOf).toList(), granted);
    }
}
