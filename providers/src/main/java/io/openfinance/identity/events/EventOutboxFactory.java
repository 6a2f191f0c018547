package io.openfinance.identity.events;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.common.util.Environment;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderFactory;

/**
 * The outbox, and its worker: every {@code delivery-seconds} one node of the cluster delivers the due events and
 * prunes old ones. The worker has a thread of its own: a partner's slow endpoint must hold up neither a request
 * nor Keycloak's timer, which runs Keycloak's own housekeeping.
 */
public class EventOutboxFactory implements ProviderFactory<EventOutbox> {

    private static final String TASK = "open-finance-event-delivery";
    private static final Logger LOG = Logger.getLogger(EventOutboxFactory.class);

    private static final long PRUNE_EVERY_MILLIS = 3_600_000;

    private EventSettings settings;
    private EventDestinations destinations;
    private ScheduledExecutorService worker;
    private long nextPruneAt;

    @Override
    public EventOutbox create(KeycloakSession session) {
        return new EventOutbox(session, settings);
    }

    @Override
    public void init(Config.Scope config) {
        settings = EventSettings.of(config);
        destinations = EventDestinations.of(Environment.isDevMode(), config.get("allowedDestinations", ""));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                start(factory);
            } else if (event instanceof ClientModel.ClientRemovedEvent removed) {
                removed.getKeycloakSession().getProvider(EventOutbox.class).forgetPartner(removed.getClient().getRealm(), removed.getClient());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                removed.getKeycloakSession().getProvider(EventOutbox.class).forgetRealm(removed.getRealm());
            }
        });
    }

    private void start(KeycloakSessionFactory factory) {
        EventDelivery delivery = new EventDelivery(factory, settings, destinations);
        worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, TASK);
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.deliveryInterval().toMillis();
        worker.scheduleWithFixedDelay(() -> onOneNode(factory, delivery), interval, interval, TimeUnit.MILLISECONDS);
    }

    /** The lock is released when the round ends, or after the lease when its node died. */
    private void onOneNode(KeycloakSessionFactory factory, EventDelivery delivery) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
                    .executeIfNotExecuted(TASK, (int) settings.lease().toSeconds(), () -> {
                        delivery.deliverDue();
                        pruneHourly(factory);
                        return null;
                    }));
        } catch (RuntimeException e) {
            LOG.warn("Event delivery round failed; the next round retries", e);
        }
    }

    private void pruneHourly(KeycloakSessionFactory factory) {
        if (System.currentTimeMillis() >= nextPruneAt) {
            nextPruneAt = System.currentTimeMillis() + PRUNE_EVERY_MILLIS;
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                int pruned = session.getProvider(EventOutbox.class).prune();
                if (pruned > 0) {
                    LOG.infof("Pruned %d delivered or failed partner events past their retention", pruned);
                }
            });
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    @Override
    public String getId() {
        return "jpa";
    }
}
