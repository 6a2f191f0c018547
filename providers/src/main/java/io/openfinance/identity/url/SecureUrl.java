package io.openfinance.identity.url;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rule for a URL the server calls and must trust what it answers (a partner's events endpoint, a bank's JWKS):
 * {@value #RULE}. Plain HTTP anywhere but this machine could be answered by anyone on the way.
 */
public final class SecureUrl {

    public static final String RULE = "an https URL (http only for localhost), without credentials";
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private SecureUrl() {
    }

    /** The URL {@code url} names if it follows {@link #RULE}, else empty. */
    public static Optional<URI> parse(String url) {
        try {
            URI uri = URI.create(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean allowed = uri.getHost() != null && uri.getUserInfo() == null && uri.getFragment() == null
                    && (scheme.equals("https") || scheme.equals("http") && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT)));
            return allowed ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}
