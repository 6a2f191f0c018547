package io.openfinance.identity.cluster;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/** Background work that one node of the cluster does per interval, whichever node's timer fires first. */
public final class OneNode {

    private static final Logger LOG = Logger.getLogger(OneNode.class);

    private OneNode() {
    }

    /** Schedules {@code task} on this node's Keycloak timer; each interval, the first node to fire runs it. */
    public static void schedule(KeycloakSession session, ScheduledTask task, long intervalMillis) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getProvider(TimerProvider.class).schedule(() -> run(factory, task, intervalMillis), intervalMillis, task.getTaskName());
    }

    /**
     * Keycloak's cluster provider lets one node run the task per interval. A failure is logged and left to the next
     * interval: thrown, it would end the timer thread Keycloak's own tasks share.
     */
    private static void run(KeycloakSessionFactory factory, ScheduledTask task, long intervalMillis) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
                    .executeIfNotExecuted(task.getTaskName(), (int) Math.max(1, intervalMillis / 1000 - 1), () -> {
                        task.run(session);
                        return null;
                    }));
        } catch (RuntimeException e) {
            LOG.warnf(e, "%s failed; it runs again in %d seconds", task.getTaskName(), intervalMillis / 1000);
        }
    }
}
