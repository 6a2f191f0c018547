package io.openfinance.identity.obsandbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import io.openfinance.identity.sandbox.SandboxLedger;
import io.openfinance.identity.sandbox.Scenario;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

/**
 * {@code {sandbox realm}/open-banking}: a UK Open Banking bank for trying the {@code uk-ob-ais} connector without one.
 * {@code v3.1/aisp} serves account-access consents (TPP's {@code client_credentials} token) and the accounts, balances
 * and transactions a customer shared (their token, bound to an authorised consent), in the OB shapes, with the FAPI
 * headers checked and OB errors. {@code sandbox/customers/{username}/consents} shows and revokes a customer's consents,
 * as the bank's app would. Transactions come {@value #PAGE_SIZE} a page, linked by {@code Links.Next}.
 */
@Produces(MediaType.APPLICATION_JSON)
public class ObSandboxResource {

    static final String FINANCIAL_ID = "0015800001041RSBOX";
    static final int PAGE_SIZE = 25;
    private static final Set<String> PERMISSIONS = Set.of("ReadAccountsBasic", "ReadAccountsDetail", "ReadBalances",
            "ReadTransactionsBasic", "ReadTransactionsDetail", "ReadTransactionsCredits", "ReadTransactionsDebits");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ObConsents consents;

    ObSandboxResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.consents = new ObConsents(session, realm);
    }

    @POST
    @Path("v3.1/aisp/account-access-consents")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createConsent(JsonNode body) {
        AccessToken token = tpp();
        JsonNode data = body == null ? null : body.path("Data");
        if (data == null || !data.path("Permissions").isArray() || data.path("Permissions").isEmpty()) {
            throw ObError.badRequest("UK.OBIE.Field.Missing", "Data.Permissions is required");
        }
        List<String> permissions = new ArrayList<>();
        for (JsonNode permission : data.path("Permissions")) {
            if (!PERMISSIONS.contains(permission.asText())) {
                throw ObError.badRequest("UK.OBIE.Field.Unexpected", "Unknown permission");
            }
            permissions.add(permission.asText());
        }
        Instant expiresAt = dateTime(data.path("ExpirationDateTime"), "ExpirationDateTime");
        if (expiresAt == null || !expiresAt.isAfter(Instant.now())) {
            throw ObError.badRequest("UK.OBIE.Field.Invalid", "ExpirationDateTime must be in the future");
        }
        ObConsents.Consent consent = consents.create(token.getIssuedFor(), permissions, expiresAt,
                dateTime(data.path("TransactionFromDateTime"), "TransactionFromDateTime"));
        return echoed(Response.status(Response.Status.CREATED), consentBody(consent));
    }

    @GET
    @Path("v3.1/aisp/account-access-consents/{consentId}")
    public Response consent(@PathParam("consentId") String consentId) {
        return echoed(Response.ok(), consentBody(ownConsent(tpp(), consentId)));
    }

    @DELETE
    @Path("v3.1/aisp/account-access-consents/{consentId}")
    public Response deleteConsent(@PathParam("consentId") String consentId) {
        ObConsents.Consent consent = ownConsent(tpp(), consentId);
        if (ObConsents.REVOKED.equals(consent.status())) {
            throw ObError.badRequest("UK.OBIE.Resource.InvalidConsentStatus", "The consent is already revoked");
        }
        consents.save(consent.with(ObConsents.REVOKED, consent.customer(), consent.accounts()));
        return echoed(Response.noContent(), null);
    }

    @GET
    @Path("v3.1/aisp/accounts")
    public Response accounts() {
        Shared shared = shared();
        List<Map<String, Object>> accounts = shared.ledger().accounts().stream()
                .filter(account -> shared.consent().accounts().contains(account.get("id")))
                .map(account -> ObShapes.account(account, shared.consent().permissions().contains("ReadAccountsDetail")))
                .toList();
        return shared.answer(ObShapes.page(Map.of("Account", accounts), self(), null));
    }

    @GET
    @Path("v3.1/aisp/accounts/{accountId}/balances")
    public Response balances(@PathParam("accountId") String accountId) {
        Shared shared = shared();
        Map<String, Object> account = shared.account(accountId);
        return shared.answer(ObShapes.page(Map.of("Balance", List.of(ObShapes.balance(account))), self(), null));
    }

    @GET
    @Path("v3.1/aisp/accounts/{accountId}/transactions")
    public Response transactions(@PathParam("accountId") String accountId, @QueryParam("page") Integer page) {
        Shared shared = shared();
        shared.account(accountId);
        List<Map<String, Object>> all = shared.ledger().transactions(accountId).orElseThrow().stream()
                .filter(transaction -> shared.allows(transaction)).toList();
        int index = page == null ? 0 : page;
        if (index < 0 || index * PAGE_SIZE > all.size()) {
            throw ObError.badRequest("UK.OBIE.Field.Invalid", "No such page");
        }
        List<Map<String, Object>> transactions = all.subList(index * PAGE_SIZE, Math.min(all.size(), (index + 1) * PAGE_SIZE)).stream()
                .map(transaction -> ObShapes.transaction(accountId, transaction)).toList();
        String next = (index + 1) * PAGE_SIZE < all.size()
                ? UriBuilder.fromUri(self()).replaceQueryParam("page", index + 1).build().toString() : null;
        return shared.answer(ObShapes.page(Map.of("Transaction", transactions), self(), next));
    }

    /** What a customer sees in the bank's app: their consents and statuses, and when the TPP last said they signed in there. */
    @GET
    @Path("sandbox/customers/{username}/consents")
    public List<Map<String, Object>> customerConsents(@PathParam("username") String username) {
        UserModel customer = customer(username);
        Instant now = Instant.now();
        return consents.ofCustomer(customer.getId()).stream().flatMap(id -> consents.find(id).stream())
                .map(consent -> {
                    Map<String, Object> shown = new LinkedHashMap<>(Map.of("ConsentId", consent.id(), "Status", consent.statusAt(now),
                            "Accounts", consent.accounts()));
                    consents.authDate(consent.id()).ifPresent(authDate -> shown.put("LastAuthDate", authDate));
                    return shown;
                })
                .toList();
    }

    /** The customer revokes, in the bank's app, every consent they gave. */
    @POST
    @Path("sandbox/customers/{username}/consents/revoke")
    public List<Map<String, Object>> revokeCustomerConsents(@PathParam("username") String username) {
        UserModel customer = customer(username);
        consents.ofCustomer(customer.getId()).stream().flatMap(id -> consents.find(id).stream())
                .forEach(consent -> consents.save(consent.with(ObConsents.REVOKED, consent.customer(), consent.accounts())));
        return customerConsents(username);
    }

    /** A customer's call: their token, its consent authorised and theirs, the FAPI headers right. */
    private record Shared(ObConsents.Consent consent, SandboxLedger ledger, Scenario scenario, String interactionId) {

        Map<String, Object> account(String accountId) {
            if (!consent.accounts().contains(accountId)) {
                throw ObError.of(Response.Status.FORBIDDEN, "UK.OBIE.Resource.NotFound", "The consent does not cover this account");
            }
            return ledger.accounts().stream().filter(account -> accountId.equals(account.get("id"))).findFirst().orElseThrow();
        }

        boolean allows(Map<String, Object> transaction) {
            return consent.permissions().contains("in".equals(transaction.get("direction"))
                    ? "ReadTransactionsCredits" : "ReadTransactionsDebits");
        }

        Response answer(Object body) {
            Response.ResponseBuilder response = Response.ok(body);
            if (scenario != Scenario.NO_INTERACTION_ECHO) {
                response.header(FapiHeaders.INTERACTION_ID, interactionId);
            }
            return response.build();
        }
    }

    private Shared shared() {
        String interactionId = FapiHeaders.check(session);
        AccessToken token = ObBearer.of(session, session.getContext().getHttpRequest().getHttpHeaders());
        ObConsents.Consent consent = consents.find(ObBearer.intent(token)).orElseThrow(ObError::unauthorized);
        UserModel customer = token.getSubject() == null ? null : session.users().getUserById(realm, token.getSubject());
        if (customer == null || !customer.getId().equals(consent.customer())) {
            throw ObError.unauthorized();
        }
        if (!consent.usable(Instant.now())) {
            throw ObError.forbidden("The consent is " + consent.statusAt(Instant.now()));
        }
        FapiHeaders.authDate(session).ifPresent(authDate -> consents.recordAuthDate(consent, authDate));
        Scenario scenario = Scenario.of(realm, customer).orElseThrow();
        if (scenario == Scenario.DATA_API_DOWN) {
            throw ObError.of(Response.Status.INTERNAL_SERVER_ERROR, "UK.OBIE.UnexpectedError", "The bank's data service is down");
        }
        return new Shared(consent, new SandboxLedger(customer.getUsername(), scenario), scenario, interactionId);
    }

    /** A TPP's call about its consents: its {@code client_credentials} token and the FAPI headers. */
    private AccessToken tpp() {
        FapiHeaders.check(session);
        AccessToken token = ObBearer.of(session, session.getContext().getHttpRequest().getHttpHeaders());
        if (ObBearer.intent(token) != null || token.getIssuedFor() == null) {
            throw ObError.unauthorized();
        }
        return token;
    }

    private ObConsents.Consent ownConsent(AccessToken token, String consentId) {
        return consents.find(consentId).filter(consent -> consent.clientId().equals(token.getIssuedFor()))
                .orElseThrow(() -> ObError.of(Response.Status.NOT_FOUND, "UK.OBIE.Resource.NotFound", "No such consent"));
    }

    private Map<String, Object> consentBody(ObConsents.Consent consent) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ConsentId", consent.id());
        data.put("Status", consent.statusAt(Instant.now()));
        data.put("CreationDateTime", ObShapes.dateTime(consent.createdAt()));
        data.put("StatusUpdateDateTime", ObShapes.dateTime(consent.statusAt()));
        data.put("Permissions", consent.permissions());
        data.put("ExpirationDateTime", ObShapes.dateTime(consent.expiresAt()));
        if (consent.transactionsFrom() != null) {
            data.put("TransactionFromDateTime", ObShapes.dateTime(consent.transactionsFrom()));
        }
        return ObShapes.page(data, self(), null);
    }

    private Response echoed(Response.ResponseBuilder response, Object body) {
        return response.entity(body).header(FapiHeaders.INTERACTION_ID,
                session.getContext().getRequestHeaders().getHeaderString(FapiHeaders.INTERACTION_ID)).build();
    }

    private UserModel customer(String username) {
        UserModel customer = session.users().getUserByUsername(realm, username);
        if (customer == null) {
            throw ObError.of(Response.Status.NOT_FOUND, "UK.OBIE.Resource.NotFound", "No such customer");
        }
        return customer;
    }

    private String self() {
        return session.getContext().getUri().getRequestUri().toString();
    }

    private static Instant dateTime(JsonNode value, String field) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw ObError.badRequest("UK.OBIE.Field.InvalidDate", field + " is not an ISO 8601 date-time with an offset");
        }
    }
}
