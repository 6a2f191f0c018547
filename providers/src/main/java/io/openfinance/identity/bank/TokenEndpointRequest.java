package io.openfinance.identity.bank;

import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;

/**
 * A POST to a bank's token or revocation endpoint on a connection closed after the answer. A pooled connection of
 * Keycloak's HTTP client keeps its last request and answer in its buffers until it is used again, so a bank's refresh
 * token would stay readable in the server's memory long after the call.
 */
public final class TokenEndpointRequest {

    private TokenEndpointRequest() {
    }

    public static SimpleHttpRequest post(SimpleHttp http, String url) {
        return http.doPost(url).acceptJson().header("Connection", "close");
    }
}
