package io.openfinance.identity.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.openfinance.identity.mappers.CoveredConnectionsMapper;
import io.openfinance.identity.metrics.OpenFinanceMetrics;
import io.openfinance.identity.rest.ApiError;
import io.openfinance.identity.rest.UnknownPath;
import io.openfinance.identity.rest.BearerCaller;
import io.openfinance.identity.rest.Envelope;
import io.openfinance.identity.rest.Page;
import io.openfinance.identity.rest.PageSizes;
import io.openfinance.identity.scope.DataScope;
import org.keycloak.models.KeycloakSession;

/**
 * {@code {realm}/data}: the reference Data API. A data token reads the accounts and transactions of
 * the connections it covers, fetched from each bank with the connection's stored bank token.
 */
@Produces(MediaType.APPLICATION_JSON)
public class DataApiResource {

    /** This resource's own paths: the catch-all locator reaches them only when asked with a method they do not take. */
    private static final Pattern OWN_PATHS = Pattern.compile("(accounts|transactions)(/[^/]+)?");
    private static final DataScope[] TRANSACTION_SCOPES = {DataScope.TRANSACTIONS_ALL, DataScope.TRANSACTIONS_IN, DataScope.TRANSACTIONS_OUT};

    private final KeycloakSession session;
    private final PageSizes pageSizes;

    DataApiResource(KeycloakSession session, PageSizes pageSizes) {
        this.session = session;
        this.pageSizes = pageSizes;
    }

    @GET
    @Path("accounts")
    public ObjectNode accounts() {
        return counted(() -> Envelope.item(session, reader(DataScope.ACCOUNTS).accounts()));
    }

    @GET
    @Path("accounts/{accountId}")
    public ObjectNode account(@PathParam("accountId") String accountId) {
        return counted(() -> Envelope.item(session, reader(DataScope.ACCOUNTS).account(AccountId.parse(accountId))
                .orElseThrow(() -> ApiError.notFound("Account"))));
    }

    @GET
    @Path("transactions")
    public ObjectNode transactions(@QueryParam("accountId") String accountId,
                                            @QueryParam("startDate") String startDate,
                                            @QueryParam("endDate") String endDate,
                                            @QueryParam("limit") String limit,
                                            @QueryParam("offset") String offset) {
        return counted(() -> transactionPage(accountId, startDate, endDate, limit, offset));
    }

    private ObjectNode transactionPage(String accountId, String startDate, String endDate, String limit, String offset) {
        Page page = Page.of(limit, offset, pageSizes);
        Predicate<Instant> dates = between(date(startDate, "startDate"), date(endDate, "endDate"));
        DataReader reader = reader(TRANSACTION_SCOPES);
        List<Map<String, Object>> transactions = reader.transactions(accountId == null ? null : AccountId.parse(accountId), dates)
                .orElseThrow(() -> ApiError.notFound("Account"));
        List<Map<String, Object>> shown = transactions.stream().skip(page.offset()).limit(page.limit()).toList();
        return Envelope.page(session, shown, page, transactions.size() > page.offset() + page.limit(),
                Map.of("total", transactions.size()));
    }

    @GET
    @Path("transactions/{transactionId}")
    public ObjectNode transaction(@PathParam("transactionId") String transactionId) {
        return counted(() -> Envelope.item(session, reader(TRANSACTION_SCOPES).transaction(TransactionId.parse(transactionId))
                .orElseThrow(() -> ApiError.notFound("Transaction"))));
    }

    private static ObjectNode counted(Supplier<ObjectNode> answer) {
        try {
            ObjectNode answered = answer.get();
            OpenFinanceMetrics.dataApiRequest("ok");
            return answered;
        } catch (ApiError e) {
            OpenFinanceMetrics.dataApiRequest(e.code());
            throw e;
        }
    }

    /** A reader for a profile's data token that holds at least one of {@code anyOf}. */
    private DataReader reader(DataScope... anyOf) {
        BearerCaller caller = BearerCaller.authenticate(session);
        Set<DataScope> granted = caller.scopes().dataScopes();
        if (caller.isPartner() || Set.of(anyOf).stream().noneMatch(granted::contains)) {
            throw ApiError.forbidden("This call needs a data token with scope " + anyOf[0].scope());
        }
        Object covered = caller.token().getOtherClaims().get(CoveredConnectionsMapper.CLAIM);
        if (!(covered instanceof List<?> ids) || ids.isEmpty()) {
            throw ApiError.forbidden("This token covers no bank connection");
        }
        return new DataReader(session, caller.user().getId(), ids.stream().map(String::valueOf).toList(), granted);
    }

    private static Predicate<Instant> between(LocalDate start, LocalDate end) {
        if (start != null && end != null && end.isBefore(start)) {
            throw ApiError.badRequest("endDate is before startDate");
        }
        Instant from = start == null ? Instant.MIN : start.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant until = end == null ? Instant.MAX : end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return date -> !date.isBefore(from) && date.isBefore(until);
    }

    private static LocalDate date(String value, String name) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name + " must be a date, YYYY-MM-DD");
        }
    }

    @Path("{unknown: .+}")
    public UnknownPath unknown(@PathParam("unknown") String path) {
        return OWN_PATHS.matcher(path).matches() ? UnknownPath.WRONG_METHOD : UnknownPath.NOT_FOUND;
    }
}
