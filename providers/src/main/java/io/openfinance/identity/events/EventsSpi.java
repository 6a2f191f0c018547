package io.openfinance.identity.events;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Connection events to partners: the outbox and its delivery, configured as {@code --spi-open-finance-events--jpa--…}. */
public class EventsSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "open-finance-events";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return EventOutbox.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return EventOutboxFactory.class;
    }
}
