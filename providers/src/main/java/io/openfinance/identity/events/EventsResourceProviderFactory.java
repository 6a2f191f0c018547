package io.openfinance.identity.events;

import io.openfinance.identity.rest.RealmResourceFactory;

public class EventsResourceProviderFactory extends RealmResourceFactory {

    public EventsResourceProviderFactory() {
        super("events", EventsResource::new);
    }
}
