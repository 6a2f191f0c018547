package io.openfinance.identity.events;

import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;

import io.openfinance.identity.url.SecureUrl;

/**
 * A partner's subscription, read from its client's attributes: {@value #URL} ({@link SecureUrl}: HTTPS; plain HTTP
 * only to this machine) and {@value #TYPES} (event ids separated by spaces or commas; absent or empty: every type but
 * {@code connection.synced}, several a day per connection, which goes only to partners that name it). A URL
 * that breaks the rules subscribes to nothing; an unknown type is ignored. Both are logged, for the admin.
 * Where a production server then actually sends is {@link EventDestinations}' decision, at each attempt.
 */
public record Subscription(URI url, Set<EventType> types) {

    public static final String URL = "of.events.url";
    public static final String TYPES = "of.events.types";
    private static final Logger LOG = Logger.getLogger(Subscription.class);

    public static Optional<Subscription> of(ClientModel client) {
        String url = client == null ? null : client.getAttribute(URL);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        Optional<URI> endpoint = SecureUrl.parse(url);
        if (endpoint.isEmpty()) {
            LOG.warnf("Client %s: %s must be %s; no events are sent", client.getClientId(), URL, SecureUrl.RULE);
        }
        return endpoint.map(uri -> new Subscription(uri, types(client)));
    }

    public boolean wants(EventType type) {
        return types.contains(type);
    }

    private static Set<EventType> types(ClientModel client) {
        String listed = client.getAttribute(TYPES);
        if (listed == null || listed.isBlank()) {
            return EnumSet.complementOf(EnumSet.of(EventType.SYNCED));
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        Arrays.stream(listed.split("[\\s,]+")).filter(id -> !id.isEmpty()).forEach(id -> EventType.of(id).ifPresentOrElse(types::add,
                () -> LOG.warnf("Client %s: unknown event type '%s' in %s is ignored", client.getClientId(), id, TYPES)));
        return types;
    }
}
