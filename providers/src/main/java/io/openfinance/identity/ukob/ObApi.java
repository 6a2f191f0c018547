package io.openfinance.identity.ukob;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.bank.BankHttp;
import org.jboss.logging.Logger;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;

/**
 * Calls to a UK bank's resource server under the FAPI header rules: {@code x-fapi-financial-id} on every call, a fresh
 * {@code x-fapi-interaction-id} whose echo must come back, on every call for a customer {@code x-fapi-auth-date} (when
 * they last authenticated with us, an RFC 7231 IMF-fixdate) and {@code x-fapi-customer-ip-address} when they are
 * present. An OB error answer is logged under that interaction id with its codes only, and becomes a
 * {@link BankException}: a refusal for 401/403 (the consent is no longer good), the bank's failure otherwise; a
 * deletion's other client errors are refusals too (see {@link #delete}).
 */
final class ObApi {

    static final String FINANCIAL_ID = "x-fapi-financial-id";
    static final String INTERACTION_ID = "x-fapi-interaction-id";
    static final String CUSTOMER_IP = "x-fapi-customer-ip-address";
    static final String AUTH_DATE = "x-fapi-auth-date";
    /** RFC 7231 section 7.1.1.1 IMF-fixdate; unlike {@link DateTimeFormatter#RFC_1123_DATE_TIME}, a two-digit day. */
    static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    /** The identity provider config key holding the bank's {@value #FINANCIAL_ID}. */
    static final String FINANCIAL_ID_SETTING = "fapiFinancialId";

    private static final Logger LOG = Logger.getLogger(ObApi.class);
    private static final Pattern ERROR_CODE = Pattern.compile("^[A-Za-z0-9._]{1,64}$");

    private final SimpleHttp http;

    /** The customer a call is for: when they last authenticated with us, and their address while they are present, else null. */
    record Customer(Instant authenticatedAt, String ipAddress) {
    }

    ObApi(SimpleHttp http) {
        this.http = http;
    }

    JsonNode get(BankConfig bank, URI uri, String accessToken, Customer customer) throws BankException {
        return send(bank, http.doGet(uri.toString()), accessToken, customer, "GET " + uri.getPath(), ObApi::consentRefused);
    }

    JsonNode post(BankConfig bank, URI uri, String accessToken, Object body, Customer customer) throws BankException {
        return send(bank, http.doPost(uri.toString()).json(body), accessToken, customer, "POST " + uri.getPath(),
                ObApi::consentRefused);
    }

    /**
     * A call for no customer, e.g. the TPP's own deletion of a consent. Its client errors are refusals (say 400 for a
     * consent already revoked, 404 for one the bank no longer holds): asking again would get the same.
     */
    void delete(BankConfig bank, URI uri, String accessToken) throws BankException {
        send(bank, http.doDelete(uri.toString()), accessToken, null, "DELETE " + uri.getPath(), BankHttp::refusal);
    }

    private static boolean consentRefused(int status) {
        return status == 401 || status == 403;
    }

    private JsonNode send(BankConfig bank, SimpleHttpRequest request, String accessToken, Customer customer, String what,
                          IntPredicate refusal) throws BankException {
        String interactionId = UUID.randomUUID().toString();
        request.auth(accessToken).acceptJson()
                .header(FINANCIAL_ID, bank.setting(FINANCIAL_ID_SETTING))
                .header(INTERACTION_ID, interactionId);
        if (customer != null) {
            request.header(AUTH_DATE, IMF_FIXDATE.format(customer.authenticatedAt()));
            if (customer.ipAddress() != null) {
                request.header(CUSTOMER_IP, customer.ipAddress());
            }
        }
        try (SimpleHttpResponse response = BankHttp.exchange(bank, request)) {
            int status = response.getStatus();
            if (status / 100 != 2) {
                logError(bank, what, status, interactionId, response);
                throw refusal.test(status)
                        ? BankException.refused("bank " + what + " answered " + status + " (interaction " + interactionId + ")")
                        : BankException.unavailable("bank " + what + " answered " + status + " (interaction " + interactionId + ")", null);
            }
            if (!interactionId.equals(response.getFirstHeader(INTERACTION_ID))) {
                throw BankException.unavailable("bank " + what + " did not echo " + INTERACTION_ID + " " + interactionId, null);
            }
            return status == 204 ? null : response.asJson();
        } catch (IOException e) {
            throw BankException.unavailable("bank " + what + " unreachable or not JSON (interaction " + interactionId + ")", e);
        }
    }

    /** The OB error's codes, never its free text: the bank's words go to no log line and no partner. */
    private static void logError(BankConfig bank, String what, int status, String interactionId, SimpleHttpResponse response) {
        List<String> codes = new ArrayList<>();
        try {
            JsonNode error = response.asJson();
            code(error.path("Code")).ifPresent(codes::add);
            for (JsonNode each : error.path("Errors")) {
                code(each.path("ErrorCode")).ifPresent(codes::add);
            }
        } catch (IOException | RuntimeException notAnObError) {
            codes.add("(no OB error body)");
        }
        LOG.infof("Bank %s %s answered %d, %s %s: %s", bank.id(), what, status, INTERACTION_ID, interactionId, codes);
    }

    private static Optional<String> code(JsonNode value) {
        return value.isTextual() && ERROR_CODE.matcher(value.asText()).matches()
                ? Optional.of(value.asText()) : Optional.empty();
    }
}
