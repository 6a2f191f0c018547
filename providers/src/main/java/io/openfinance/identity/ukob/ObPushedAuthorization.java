package io.openfinance.identity.ukob;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.UriBuilder;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.bank.BankHttp;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;

/**
 * Pushed authorization requests (RFC 9126), for a bank whose identity provider names its endpoint in
 * {@value #PAR_URL_SETTING}: the signed request object goes to the bank over the back channel, authenticated as at its
 * token endpoint, and the customer is sent with nothing but our {@code client_id} and the {@code request_uri} the bank
 * gave for it. Any other answer than a usable {@code request_uri} fails the authorisation.
 */
final class ObPushedAuthorization {

    static final String PAR_URL_SETTING = "parUrl";
    private static final String REQUEST_URI = "request_uri";
    private static final Logger LOG = Logger.getLogger(ObPushedAuthorization.class);
    private static final int MAX_REQUEST_URI_LENGTH = 512;
    private static final Pattern ERROR_CODE = Pattern.compile("^[a-z_]{1,64}$");

    private final SimpleHttp http;
    private final ObClientAuth clientAuth;

    ObPushedAuthorization(SimpleHttp http, ObClientAuth clientAuth) {
        this.http = http;
        this.clientAuth = clientAuth;
    }

    static boolean configured(BankConfig bank) {
        String url = bank.settings().get(PAR_URL_SETTING);
        return url != null && !url.isBlank();
    }

    /** @return where to send the customer: the bank's authorization endpoint with {@code client_id} and {@code request_uri} */
    URI push(BankConfig bank, String responseType, String scope, String requestObject) throws BankException {
        SimpleHttpRequest request = http.doPost(bank.url(PAR_URL_SETTING).toString()).acceptJson()
                .param(OAuth2Constants.RESPONSE_TYPE, responseType)
                .param(OAuth2Constants.SCOPE, scope)
                .param("request", requestObject);
        clientAuth.authenticate(bank, request);
        String requestUri;
        try (SimpleHttpResponse response = BankHttp.exchange(bank, request)) {
            if (response.getStatus() != 201) {
                LOG.warnf("Bank %s pushed authorization request answered %d %s", bank.id(), response.getStatus(), errorCode(response));
                throw BankException.unavailable("bank pushed authorization request answered " + response.getStatus(), null);
            }
            requestUri = response.asJson().path(REQUEST_URI).asText(null);
        } catch (IOException e) {
            throw BankException.unavailable("bank pushed authorization endpoint unreachable or not JSON", e);
        }
        if (!usable(requestUri)) {
            LOG.warnf("Bank %s pushed authorization request gave no usable request_uri", bank.id());
            throw BankException.unavailable("bank gave no usable request_uri", null);
        }
        return UriBuilder.fromUri(bank.authorizationUrl())
                .queryParam(OAuth2Constants.CLIENT_ID, bank.clientId())
                .queryParam(REQUEST_URI, requestUri)
                .build();
    }

    private static boolean usable(String requestUri) {
        if (requestUri == null || requestUri.isBlank() || requestUri.length() > MAX_REQUEST_URI_LENGTH) {
            return false;
        }
        try {
            return new URI(requestUri).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The OAuth error code of the bank's answer when it is one, never its description. */
    private static String errorCode(SimpleHttpResponse response) {
        try {
            String error = response.asJson().path(OAuth2Constants.ERROR).asText("");
            return ERROR_CODE.matcher(error).matches() ? error : "(no OAuth error code)";
        } catch (IOException | RuntimeException notJson) {
            return "(no OAuth error body)";
        }
    }
}
