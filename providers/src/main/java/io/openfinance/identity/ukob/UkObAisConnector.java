package io.openfinance.identity.ukob;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.UriBuilder;

import io.openfinance.identity.bank.BankAccount;
import io.openfinance.identity.bank.BankAuthorization;
import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankConnector;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.bank.BankRedirect;
import io.openfinance.identity.bank.BankTransaction;
import io.openfinance.identity.store.BankTokens;
import io.openfinance.identity.store.Consent;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.models.KeycloakSession;

/**
 * UK Open Banking Account and Transaction API v3.1 under FAPI 1 Advanced ({@value UkObAisConnectorFactory#ID}):
 * an {@code account-access-consent} created with a {@code client_credentials} token for what the customer agreed to,
 * the customer sent to authorise that consent by a signed request object, then accounts, balances and transactions
 * read with the customer's token, following {@code Links.Next} within the bank's API root ({@code dataApiUrl}).
 * Deleting the connection deletes the consent at the bank.
 */
final class UkObAisConnector implements BankConnector {

    private static final Pattern WORD = Pattern.compile("^[A-Za-z]{1,32}$");
    private static final Pattern CONSENT_ID = Pattern.compile("^[A-Za-z0-9._~:-]{1,128}$");
    private static final DateTimeFormatter OB_DATE_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

    private final ObApi api;
    private final ObTokenEndpoint tokenEndpoint;
    private final ObAuthorization authorization;
    private final ObFrontChannel frontChannel;
    private final int maxPages;

    UkObAisConnector(KeycloakSession session, long maxResponseBytes, int maxPages) {
        SimpleHttp http = SimpleHttp.create(session).withMaxConsumedResponseSize(maxResponseBytes);
        ObSigner signer = new ObSigner(session);
        ObClientAuth clientAuth = new ObClientAuth(signer);
        this.api = new ObApi(http);
        this.tokenEndpoint = new ObTokenEndpoint(http, clientAuth);
        this.authorization = new ObAuthorization(signer, new ObPushedAuthorization(http, clientAuth));
        this.frontChannel = new ObFrontChannel(session);
        this.maxPages = maxPages;
    }

    @Override
    public BankAuthorization authorization(BankConfig bank, BankRedirect redirect, Consent consent, String customerIp)
            throws BankException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Permissions", ObPermissions.of(consent.dataScopes()));
        data.put("ExpirationDateTime", OB_DATE_TIME.format(consent.expiresAt()));
        if (consent.transactionsFrom() != null) {
            data.put("TransactionFromDateTime", OB_DATE_TIME.format(consent.transactionsFrom()));
        }
        JsonNode created = api.post(bank, resource(bank, "account-access-consents"), tokenEndpoint.clientCredentials(bank),
                Map.of("Data", data, "Risk", Map.of()), new ObApi.Customer(Instant.now(), customerIp));
        String consentId = created == null ? null : created.path("Data").path("ConsentId").asText(null);
        if (consentId == null || !CONSENT_ID.matcher(consentId).matches()) {
            throw BankException.unavailable("bank created a consent without a usable ConsentId", null);
        }
        String status = created.path("Data").path("Status").asText();
        if (!"AwaitingAuthorisation".equals(status)) {
            throw BankException.unavailable("bank created a consent in status " + loggable(status), null);
        }
        return new BankAuthorization(authorization.uri(bank, redirect, consentId), consentId);
    }

    @Override
    public BankTokens exchangeCode(BankConfig bank, String code, String idToken, BankRedirect redirect, String grantId)
            throws BankException {
        if (grantId == null) {
            throw BankException.refused("no consent is pending for this authorisation");
        }
        if (ObAuthorization.hybrid(bank)) {
            frontChannel.verify(bank, idToken, code, redirect, grantId);
        }
        return tokenEndpoint.code(bank, code, redirect.redirectUri(), redirect.codeVerifier(), redirect.nonce(), grantId);
    }

    @Override
    public BankTokens refresh(BankConfig bank, String refreshToken) throws BankException {
        return tokenEndpoint.refresh(bank, refreshToken);
    }

    @Override
    public List<BankAccount> accounts(BankConfig bank, String accessToken, Instant customerAuthenticatedAt, String customerIpAddress)
            throws BankException {
        ObApi.Customer customer = new ObApi.Customer(customerAuthenticatedAt, customerIpAddress);
        List<BankAccount> accounts = new ArrayList<>();
        for (JsonNode account : pages(bank, resource(bank, "accounts"), accessToken, customer, "Account")) {
            String id = ObShapes.id(account, "AccountId");
            List<JsonNode> balances = pages(bank, resource(bank, "accounts", id, "balances"), accessToken, customer, "Balance").stream()
                    .filter(balance -> id.equals(balance.path("AccountId").asText())).toList();
            accounts.add(ObShapes.account(account, balances));
        }
        return accounts;
    }

    @Override
    public List<BankTransaction> transactions(BankConfig bank, String accountId, String accessToken, Instant customerAuthenticatedAt,
                                              String customerIpAddress) throws BankException {
        ObApi.Customer customer = new ObApi.Customer(customerAuthenticatedAt, customerIpAddress);
        List<BankTransaction> transactions = new ArrayList<>();
        for (JsonNode transaction : pages(bank, resource(bank, "accounts", accountId, "transactions"), accessToken, customer, "Transaction")) {
            if (!accountId.equals(transaction.path("AccountId").asText())) {
                throw BankException.unavailable("bank sent another account's transaction", null);
            }
            transactions.add(ObShapes.transaction(transaction));
        }
        return transactions;
    }

    @Override
    public void revoke(BankConfig bank, BankTokens tokens) throws BankException {
        if (tokens.grantId() != null) {
            api.delete(bank, resource(bank, "account-access-consents", tokens.grantId()), tokenEndpoint.clientCredentials(bank));
        }
    }

    @Override
    public void close() {
    }

    /** Every record of {@code Data.<records>} across the pages {@code Links.Next} leads to, within the API root only. */
    private List<JsonNode> pages(BankConfig bank, URI first, String accessToken, ObApi.Customer customer, String records)
            throws BankException {
        List<JsonNode> all = new ArrayList<>();
        URI page = first;
        for (int read = 0; page != null; read++) {
            if (read == maxPages) {
                throw BankException.unavailable("bank answer runs over " + maxPages + " pages", null);
            }
            JsonNode json = api.get(bank, page, accessToken, customer);
            JsonNode data = json == null ? null : json.path("Data").path(records);
            if (data == null || !data.isArray()) {
                throw BankException.unavailable("bank answer has no Data." + records, null);
            }
            data.forEach(all::add);
            page = next(bank, json.path("Links").path("Next"));
        }
        return all;
    }

    /** A bank's next link goes where our token may go, under its API root: anything else would hand the token away. */
    static URI next(BankConfig bank, JsonNode link) throws BankException {
        if (link.isMissingNode() || link.isNull()) {
            return null;
        }
        URI root = URI.create(bank.dataApiUrl()).normalize();
        URI next;
        try {
            next = URI.create(link.asText()).normalize();
        } catch (IllegalArgumentException e) {
            throw BankException.unavailable("bank sent a Links.Next that is not a URI", null);
        }
        String rootPath = root.getPath().endsWith("/") ? root.getPath() : root.getPath() + "/";
        if (!link.isTextual() || !root.getScheme().equals(next.getScheme()) || !root.getRawAuthority().equals(next.getRawAuthority())
                || next.getPath() == null || !next.getPath().startsWith(rootPath) || next.getRawUserInfo() != null) {
            throw BankException.unavailable("bank sent a Links.Next outside its API root", null);
        }
        return next;
    }

    private static URI resource(BankConfig bank, String... segments) {
        return UriBuilder.fromUri(bank.dataApiUrl()).segment(segments).build();
    }

    /** A bank-given word, cut to what is safe in a log line. */
    private static String loggable(String word) {
        return word != null && WORD.matcher(word).matches() ? word : "(unreadable)";
    }
}
