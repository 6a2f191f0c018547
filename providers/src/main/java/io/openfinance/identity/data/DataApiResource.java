package io.openfinance.identity.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.openfinance.identity.events.EventOutbox;
import io.openfinance.identity.ledger.BankSync;
import io.openfinance.identity.ledger.StoredTransaction;
import io.openfinance.identity.ledger.SyncNow;
import io.openfinance.identity.ledger.TransactionCursor;
import io.openfinance.identity.ledger.TransactionQuery;
import io.openfinance.identity.mappers.CoveredConnectionsMapper;
import io.openfinance.identity.metrics.OpenFinanceMetrics;
import io.openfinance.identity.rest.ApiError;
import io.openfinance.identity.rest.UnknownPath;
import io.openfinance.identity.rest.BearerCaller;
import io.openfinance.identity.rest.Envelope;
import io.openfinance.identity.rest.Page;
import io.openfinance.identity.rest.PageSizes;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.ConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code {realm}/data}: the reference Data API. A data token reads the accounts and transactions of
 * the connections it covers, from the store the syncs keep: no call here reaches a bank.
 */
@Produces(MediaType.APPLICATION_JSON)
public class DataApiResource {

    /** This resource's own paths: the catch-all locator reaches them only when asked with a method they do not take. */
    private static final Pattern OWN_PATHS = Pattern.compile("accounts-list|(accounts|transactions)(/[^/]+)?|accounts/[^/]+/balances|sync/[^/]+");
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
        return counted(() -> Envelope.item(session, reader(DataScope.ACCOUNTS).accounts(false)));
    }

    /** The client's {@code getAccountsList}: the same accounts, without their dates. */
    @GET
    @Path("accounts-list")
    public ObjectNode accountsList() {
        return counted(() -> Envelope.item(session, reader(DataScope.ACCOUNTS).accounts(true)));
    }

    @GET
    @Path("accounts/{accountId}")
    public ObjectNode account(@PathParam("accountId") String accountId) {
        return counted(() -> Envelope.item(session, reader(DataScope.ACCOUNTS).account(accountId)
                .orElseThrow(() -> ApiError.notFound("Account"))));
    }

    @GET
    @Path("accounts/{accountId}/balances")
    public ObjectNode balances(@PathParam("accountId") String accountId) {
        return counted(() -> Envelope.item(session, reader(DataScope.ACCOUNTS).balances(accountId)
                .orElseThrow(() -> ApiError.notFound("Account"))));
    }

    /**
     * Pages by {@code offset}, as partners' clients send it, or by the {@code cursor} each {@code next} link carries:
     * following {@code next} costs one index seek per page however deep.
     */
    @GET
    @Path("transactions")
    public ObjectNode transactions(@QueryParam("accountId") String accountId,
                                   @QueryParam("startDate") String startDate,
                                   @QueryParam("endDate") String endDate,
                                   @QueryParam("limit") String limit,
                                   @QueryParam("offset") String offset,
                                   @QueryParam("cursor") String cursor) {
        return counted(() -> transactionPage(accountId, startDate, endDate, limit, offset, cursor));
    }

    private ObjectNode transactionPage(String accountId, String startDate, String endDate, String limit, String offset,
                                       String cursor) {
        Page page = Page.of(limit, offset, pageSizes);
        boolean byCursor = cursor != null && !cursor.isEmpty();
        if (byCursor && offset != null && !offset.isEmpty()) {
            throw ApiError.badRequest("Send offset or cursor, not both");
        }
        TransactionCursor after = byCursor ? cursor(cursor) : null;
        LocalDate start = date(startDate, "startDate");
        LocalDate end = date(endDate, "endDate");
        if (start != null && end != null && end.isBefore(start)) {
            throw ApiError.badRequest("endDate is before startDate");
        }
        DataReader reader = reader(TRANSACTION_SCOPES);
        TransactionQuery query = reader.transactionQuery(accountId,
                        start == null ? null : start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                        end == null ? null : end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())
                .orElseThrow(() -> ApiError.notFound("Account"));
        List<StoredTransaction> found = reader.transactions(query, after, page.offset(), page.limit() + 1);
        List<StoredTransaction> shown = found.subList(0, Math.min(found.size(), page.limit()));
        Map<String, String> links = new LinkedHashMap<>();
        if (found.size() > page.limit()) {
            links.put("next", Envelope.link(session, "cursor", TransactionCursor.after(shown.get(shown.size() - 1)).encode(), "offset"));
        }
        if (!byCursor && page.offset() > 0) {
            links.put("prev", Envelope.link(session, "offset", Math.max(0, page.offset() - page.limit())));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("total", reader.total(query));
        meta.put("limit", page.limit());
        if (byCursor) {
            meta.put("cursor", cursor);
        } else {
            meta.put("offset", page.offset());
        }
        return Envelope.page(session, shown.stream().map(DataShapes::transaction).toList(), links, meta);
    }

    @GET
    @Path("transactions/{transactionId}")
    public ObjectNode transaction(@PathParam("transactionId") String transactionId) {
        return counted(() -> Envelope.item(session, reader(TRANSACTION_SCOPES).transaction(transactionId)
                .orElseThrow(() -> ApiError.notFound("Transaction"))));
    }

    /**
     * The client's {@code syncUserConnection}: reads the connection's bank now. Without the customer's address the read
     * is unattended and counts against the connection's allowance; past it, {@code 429} and the bank is not called.
     * A sync of the connection already in flight answers for this one once it ends; {@code 409} if it is still in
     * flight after the wait.
     */
    @POST
    @Path("sync/{connectionId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ObjectNode sync(@PathParam("connectionId") String connectionId, String body) {
        BearerCaller caller = BearerCaller.authenticate(session);
        if (caller.isPartner() || !caller.scopes().contains(DataScope.SYNC) || !caller.scopes().dataScopes().contains(DataScope.ACCOUNTS)) {
            throw ApiError.forbidden("This call needs a data token with scopes accounts:read " + DataScope.SYNC);
        }
        SyncRequest request = SyncRequest.parse(body);
        RealmModel realm = session.getContext().getRealm();
        if (!coveredConnections(caller).contains(connectionId)) {
            throw ApiError.notFound("Connection");
        }
        BankConnection connection = session.getProvider(ConnectionProvider.class).find(realm, caller.user().getId(), connectionId)
                .filter(c -> c.isLive(Instant.now())).orElseThrow(() -> ApiError.notFound("Connection"));
        SyncNow.Answer answer = SyncNow.partners(session.getKeycloakSessionFactory(), realm.getId(), connection.profileId(),
                connection.id(), request.customerIpAddress(), EventOutbox.requestIssuer(session, realm));
        if (answer instanceof SyncNow.Spent spent) {
            throw ApiError.tooManyRequests("This connection's reads without the customer are spent for now", spent.retryAfter().toSeconds() + 1);
        }
        if (answer instanceof SyncNow.InFlight inFlight) {
            throw ApiError.conflict("A sync of this connection is still in flight", inFlight.retryAfter().toSeconds());
        }
        Optional<BankSync.Outcome> outcome = ((SyncNow.Ran) answer).outcome();
        Map<String, Object> data = new LinkedHashMap<>();
        outcome.ifPresent(sync -> data.put("syncId", sync.syncId()));
        data.put("status", outcome.filter(BankSync.Outcome::ok).isPresent() ? "ok" : "error");
        return Envelope.bare(Map.of("data", data));
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
        List<String> covered = coveredConnections(caller);
        if (covered.isEmpty()) {
            throw ApiError.forbidden("This token covers no bank connection");
        }
        return new DataReader(session, caller.user().getId(), covered, granted);
    }

    private static List<String> coveredConnections(BearerCaller caller) {
        Object covered = caller.token().getOtherClaims().get(CoveredConnectionsMapper.CLAIM);
        return covered instanceof List<?> ids ? ids.stream().map(String::valueOf).toList() : List.of();
    }

    private static TransactionCursor cursor(String encoded) {
        try {
            return TransactionCursor.decode(encoded);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
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
