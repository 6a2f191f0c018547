package io.openfinance.identity.audit;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.jpa.JpaEventStoreProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransactionManager;

/**
 * Keycloak's JPA event store, except for where the audit event of a partner's token ({@code CLIENT_LOGIN},
 * {@code JWT_AUTHORIZATION_GRANT}) is written: not in its request's transaction, but once that transaction has
 * committed, in one transaction with the events of the other requests committing at that moment
 * ({@link EventGroupCommit}). A data token, which writes nothing else, costs the database one event row instead of a
 * transaction of its own. The request still waits until its events are stored, so no answer leaves whose event a
 * crash could lose; a request that rolls back stores none. Every other event is written as Keycloak writes it, in its
 * request's transaction with what the request changed; queries, admin events and expiry are Keycloak's own.
 */
final class GroupCommitEventStore extends JpaEventStoreProvider {

    private static final Set<EventType> TOKEN_EVENTS = EnumSet.of(EventType.CLIENT_LOGIN, EventType.JWT_AUTHORIZATION_GRANT);

    private final KeycloakSession session;
    private final EventGroupCommit groupCommit;
    private StoreOnCommit pending;

    GroupCommitEventStore(KeycloakSession session, EventGroupCommit groupCommit) {
        super(session, session.getProvider(JpaConnectionProvider.class).getEntityManager());
        this.session = session;
        this.groupCommit = groupCommit;
    }

    /** Outside a transaction, or after the request's has ended, a token's event is stored at once. */
    @Override
    public void onEvent(Event event) {
        if (!TOKEN_EVENTS.contains(event.getType())) {
            super.onEvent(event);
            return;
        }
        KeycloakTransactionManager transaction = session.getTransactionManager();
        if (pending == null && transaction.isActive()) {
            pending = new StoreOnCommit();
            transaction.enlistAfterCompletion(pending);
        }
        if (pending != null && pending.open) {
            pending.events.add(event);
        } else {
            groupCommit.store(List.of(event));
        }
    }

    /** After the request's own transaction: its rollback, or a failed commit, drops the events with it. */
    private final class StoreOnCommit extends AbstractKeycloakTransaction {

        private final List<Event> events = new ArrayList<>();
        private boolean open = true;

        @Override
        protected void commitImpl() {
            open = false;
            groupCommit.store(events);
        }

        @Override
        protected void rollbackImpl() {
            open = false;
        }
    }
}
