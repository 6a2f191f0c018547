package io.openfinance.identity.bank;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.UriBuilder;

import io.openfinance.identity.store.BankTokens;
import io.openfinance.identity.store.Consent;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;

/**
 * The first connector: OAuth 2 as configured on the bank's identity provider, and a data API shaped like
 * the sandbox bank's: {@code GET {dataApiUrl}/accounts} and {@code GET {dataApiUrl}/accounts/{id}/transactions},
 * money as integers in minor units; {@code 429} when the bank's allowance of unattended reads is spent. An answer that does not fit is the bank's failure, never passed on.
 */
final class OAuthDataApiConnector implements BankConnector {


    private final SimpleHttp http;
    private final BankOAuth oauth;

    OAuthDataApiConnector(KeycloakSession session, long maxResponseBytes) {
        this.http = SimpleHttp.create(session).withMaxConsumedResponseSize(maxResponseBytes);
        this.oauth = new BankOAuth(session, http);
    }

    @Override
    public BankAuthorization authorization(BankConfig bank, BankRedirect redirect, Consent consent, String customerIp) {
        return new BankAuthorization(oauth.authorizationUri(bank, redirect.redirectUri(), redirect.state(), redirect.codeVerifier()), null);
    }

    @Override
    public BankTokens exchangeCode(BankConfig bank, String code, String idToken, BankRedirect redirect, String grantId)
            throws BankException {
        return oauth.exchangeCode(bank, code, redirect.redirectUri(), redirect.codeVerifier());
    }

    @Override
    public BankTokens refresh(BankConfig bank, String refreshToken) throws BankException {
        return oauth.refresh(bank, refreshToken);
    }

    @Override
    public List<BankAccount> accounts(BankConfig bank, String accessToken, Instant customerAuthenticatedAt, String customerIpAddress)
            throws BankException {
        List<BankAccount> accounts = new ArrayList<>();
        for (JsonNode account : get(bank, "accounts", accessToken, customerIpAddress).path("accounts")) {
            accounts.add(account(account));
        }
        return accounts;
    }

    @Override
    public List<BankTransaction> transactions(BankConfig bank, String accountId, String accessToken, Instant customerAuthenticatedAt,
                                              String customerIpAddress) throws BankException {
        List<BankTransaction> transactions = new ArrayList<>();
        JsonNode answer = get(bank, "accounts/" + accountId + "/transactions", accessToken, customerIpAddress);
        for (JsonNode transaction : answer.path("transactions")) {
            transactions.add(transaction(transaction));
        }
        return transactions;
    }

    @Override
    public void revoke(BankConfig bank, BankTokens tokens) throws BankException {
        if (bank.revocationUrl() == null) {
            return;
        }
        if (tokens.refreshToken() != null) {
            oauth.revoke(bank, tokens.refreshToken(), "refresh_token");
        }
        if (tokens.accessToken() != null) {
            oauth.revoke(bank, tokens.accessToken(), "access_token");
        }
    }

    @Override
    public void close() {
    }

    /** The UK Open Banking header that tells the bank its customer is present, so that the read is not unattended. */
    static final String CUSTOMER_IP_HEADER = "x-fapi-customer-ip-address";

    private JsonNode get(BankConfig bank, String path, String accessToken, String customerIpAddress) throws BankException {
        URI uri = UriBuilder.fromUri(bank.dataApiUrl()).path(path).build();
        SimpleHttpRequest request = http.doGet(uri.toString()).auth(accessToken).acceptJson();
        if (customerIpAddress != null) {
            request.header(CUSTOMER_IP_HEADER, customerIpAddress);
        }
        try (SimpleHttpResponse response = BankHttp.exchange(bank, request)) {
            if (response.getStatus() == 401 || response.getStatus() == 403) {
                throw BankException.refused("bank data API answered " + response.getStatus());
            }
            if (response.getStatus() != 200) {
                throw BankException.unavailable("bank data API answered " + response.getStatus(), null);
            }
            return response.asJson();
        } catch (IOException e) {
            throw BankException.unavailable("bank data API unreachable", e);
        }
    }

    private static BankAccount account(JsonNode json) throws BankException {
        String type = json.path("type").asText();
        BankAccount.Kind kind = switch (type) {
            case "current", "business_current" -> BankAccount.Kind.CURRENT;
            case "savings" -> BankAccount.Kind.SAVINGS;
            case "credit_card" -> BankAccount.Kind.CARD;
            default -> BankAccount.Kind.OTHER;
        };
        JsonNode details = json.path("details");
        return new BankAccount(text(json, "id"), text(json, "name"), kind, type.startsWith("business"), text(json, "currency"),
                minorUnits(json.path("balance")), date(text(json, "balanceDate")),
                new BankAccount.Details(optional(details, "holderName"), optional(details, "sortCode"),
                        optional(details, "accountNumber"), optional(details, "iban")));
    }

    private static BankTransaction transaction(JsonNode json) throws BankException {
        long amount = Math.abs(minorUnits(json.path("amount")));
        boolean in = "in".equals(json.path("direction").asText());
        Instant bookedAt;
        try {
            bookedAt = Instant.parse(text(json, "bookedAt"));
        } catch (DateTimeParseException e) {
            throw BankException.unavailable("bank sent a transaction date that is not an instant", null);
        }
        return new BankTransaction(text(json, "id"), in ? amount : -amount, text(json, "currency"), bookedAt,
                json.path("description").asText(""), "pending".equals(json.path("status").asText()));
    }

    private static long minorUnits(JsonNode value) throws BankException {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw BankException.unavailable("bank sent an amount that is not a whole number of minor units", null);
        }
        return value.asLong();
    }

    private static LocalDate date(String value) throws BankException {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw BankException.unavailable("bank sent a balance date that is not YYYY-MM-DD", null);
        }
    }

    private static String text(JsonNode json, String field) throws BankException {
        JsonNode value = json.path(field);
        if (!value.isTextual()) {
            throw BankException.unavailable("bank answer lacks " + field, null);
        }
        return value.asText();
    }

    private static String optional(JsonNode json, String field) {
        return json.path(field).isTextual() ? json.get(field).asText() : null;
    }
}
