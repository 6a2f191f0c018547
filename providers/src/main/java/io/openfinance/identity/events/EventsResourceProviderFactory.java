package io.openfinance.identity.events;

import io.openfinance.identity.rest.PagedRealmResourceFactory;

public class EventsResourceProviderFactory extends PagedRealmResourceFactory {

    public EventsResourceProviderFactory() {
        super("events", EventsResource::new);
    }
}
