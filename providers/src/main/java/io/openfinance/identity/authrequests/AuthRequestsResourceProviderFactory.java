package io.openfinance.identity.authrequests;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.openfinance.identity.rest.PagedRealmResourceFactory;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@code {realm}/auth-requests}: {@link AuthRequestsResource}. A pending auth request can be completed for
 * {@code --spi-realm-restapi-extension--auth-requests--pending-seconds} (default 3600).
 */
public class AuthRequestsResourceProviderFactory extends PagedRealmResourceFactory {

    static final String PENDING_KEY = "pendingSeconds";
    static final Duration DEFAULT_PENDING = Duration.ofHours(1);

    private final AtomicReference<Duration> pending;

    public AuthRequestsResourceProviderFactory() {
        this(new AtomicReference<>(DEFAULT_PENDING));
    }

    private AuthRequestsResourceProviderFactory(AtomicReference<Duration> pending) {
        super("auth-requests", (session, pageSizes) -> new AuthRequestsResource(session, pageSizes, pending.get()));
        this.pending = pending;
    }

    @Override
    public void init(Config.Scope config) {
        super.init(config);
        long seconds = config.getLong(PENDING_KEY, DEFAULT_PENDING.toSeconds());
        if (seconds <= 0) {
            throw new IllegalStateException("--spi-realm-restapi-extension--auth-requests--pending-seconds must be positive");
        }
        pending.set(Duration.ofSeconds(seconds));
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        List<ProviderConfigProperty> properties = new java.util.ArrayList<>(super.getConfigMetadata());
        properties.addAll(ProviderConfigurationBuilder.create()
                .property().name(PENDING_KEY).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("seconds an auth request can be completed after it was made").defaultValue(DEFAULT_PENDING.toSeconds()).add()
                .build());
        return properties;
    }
}
