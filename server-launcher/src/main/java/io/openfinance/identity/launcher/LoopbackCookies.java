package io.openfinance.identity.launcher;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cookie store for a client of a server on loopback. Keycloak marks its cookies Secure; browsers still send them to
 * http://localhost, a secure context, but the JDK's store would not: this one treats loopback like a browser does.
 */
public final class LoopbackCookies extends CookieHandler {

    private final CookieManager cookies = new CookieManager();

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
        return cookies.get(uri, requestHeaders);
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
        Map<String, List<String>> withoutSecure = new HashMap<>();
        responseHeaders.forEach((name, values) -> withoutSecure.put(name, "Set-Cookie".equalsIgnoreCase(name)
                ? values.stream().map(cookie -> cookie.replaceAll("(?i);\\s*Secure\\b", "")).toList()
                : values));
        cookies.put(uri, withoutSecure);
    }
}
