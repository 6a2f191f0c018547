package io.openfinance.identity.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.openfinance.identity.metrics.OpenFinanceMetrics;

/**
 * A node's writer of token events: it takes the events of every request waiting at that moment and stores them in
 * one transaction, through Keycloak's JPA event store, then lets those requests go on. While it writes, the next
 * requests queue up, so the busier the node the more events share a commit; an idle node writes each at once. If a
 * group fails, each request's events are tried on their own, so that one bad event fails only its own request.
 */
final class EventGroupCommit implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventGroupCommit.class);
    private static final String JPA_STORE = "jpa";
    private static final int MOST_REQUESTS_PER_COMMIT = 256;
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    private final KeycloakSessionFactory sessions;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    EventGroupCommit(KeycloakSessionFactory sessions) {
        this.sessions = sessions;
        this.writer = new Thread(this::writeUntilClosed, "token-event-group-commit");
        writer.setDaemon(true);
        writer.start();
    }

    /** Returns once {@code events} are committed; throws if they could not be. */
    void store(List<Event> events) {
        if (closed) {
            throw new IllegalStateException("The node is shutting down: token events are no longer stored");
        }
        Request request = new Request(List.copyOf(events));
        queue.add(request);
        request.awaitStored();
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(LONGEST_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.forEach(request -> request.stored.completeExceptionally(new IllegalStateException("The node shut down")));
    }

    private void writeUntilClosed() {
        List<Request> group = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Request first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MOST_REQUESTS_PER_COMMIT - 1);
                write(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    private void write(List<Request> group) {
        try {
            persist(group);
            OpenFinanceMetrics.tokenEventCommit(group.stream().mapToInt(request -> request.events.size()).sum());
            group.forEach(request -> request.stored.complete(null));
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                LOG.errorf(e, "A request's %d token events could not be stored; the request fails", group.get(0).events.size());
                group.get(0).stored.completeExceptionally(e);
                return;
            }
            LOG.warnf("Storing the token events of %d requests together failed (%s); storing each request's alone", group.size(), e.toString());
            group.forEach(request -> write(List.of(request)));
        }
    }

    private void persist(List<Request> group) {
        KeycloakModelUtils.runJobInTransaction(sessions, session -> {
            EventStoreProvider store = session.getProvider(EventStoreProvider.class, JPA_STORE);
            group.forEach(request -> request.events.forEach(store::onEvent));
        });
    }

    private record Request(List<Event> events, CompletableFuture<Void> stored) {

        Request(List<Event> events) {
            this(events, new CompletableFuture<>());
        }

        void awaitStored() {
            try {
                stored.get(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("The request's token events could not be stored", e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("The request's token events were not stored within " + LONGEST_WAIT, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the request's token events were stored", e);
            }
        }
    }
}
