package io.openfinance.identity.audit;

import org.keycloak.Config;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventStoreProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * The realm's event store, in place of Keycloak's {@code jpa} (a higher {@link #order()}): the same tables, the
 * tokens' events written by group commit. {@code --spi-events-store--provider=jpa} at build time gives Keycloak's own
 * back.
 */
public class GroupCommitEventStoreFactory implements EventStoreProviderFactory {

    private static final String ID = "group-commit";

    private EventGroupCommit groupCommit;

    @Override
    public EventStoreProvider create(KeycloakSession session) {
        return new GroupCommitEventStore(session, groupCommit);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        groupCommit = new EventGroupCommit(factory);
    }

    @Override
    public void close() {
        if (groupCommit != null) {
            groupCommit.close();
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public int order() {
        return 1;
    }
}
