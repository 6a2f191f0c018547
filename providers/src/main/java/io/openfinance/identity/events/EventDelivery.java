package io.openfinance.identity.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.persistence.EntityManager;

import io.openfinance.identity.metrics.OpenFinanceMetrics;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * One round of delivery, RFC 8935 style (POST of the token, {@code application/secevent+jwt}): claims the due head
 * event of each connection in one transaction, sends them all at once outside any transaction, and records the
 * answers in another. A node that dies after claiming leaves the events to whichever node runs after the lease.
 */
final class EventDelivery {

    private static final Logger LOG = Logger.getLogger(EventDelivery.class);
    private static final int BATCH = 100;

    private final KeycloakSessionFactory factory;
    private final EventSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(EventSettings.TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    EventDelivery(KeycloakSessionFactory factory, EventSettings settings) {
        this.factory = factory;
        this.settings = settings;
    }

    private record Attempt(String jti, URI url, String token) {
    }

    private record Answer(String jti, String result, Outcome outcome) {
    }

    private enum Outcome { DELIVERED, REFUSED, RETRY }

    void deliverDue() {
        List<Attempt> attempts = new ArrayList<>();
        KeycloakModelUtils.runJobInTransaction(factory, session -> attempts.addAll(claim(session)));
        if (attempts.isEmpty()) {
            return;
        }
        List<Answer> answers = attempts.stream().map(this::send).toList().stream().map(CompletableFuture::join).toList();
        KeycloakModelUtils.runJobInTransaction(factory, session -> answers.forEach(answer -> record(session, answer)));
    }

    private List<Attempt> claim(KeycloakSession session) {
        EntityManager em = em(session);
        long now = Instant.now().toEpochMilli();
        List<Attempt> claimed = new ArrayList<>();
        for (OutboxEventEntity event : em.createNamedQuery("ofDueEvents", OutboxEventEntity.class)
                .setParameter("now", now).setMaxResults(BATCH).getResultList()) {
            boolean ours = em.createNamedQuery("ofClaimEvent").setParameter("jti", event.getJti()).setParameter("now", now)
                    .setParameter("leaseEnd", now + EventSettings.LEASE.toMillis()).executeUpdate() == 1;
            if (ours) {
                attempt(session, event).ifPresentOrElse(claimed::add,
                        () -> record(session, new Answer(event.getJti(), "unsubscribed", Outcome.REFUSED)));
            }
        }
        return claimed;
    }

    /** The signed token and where it goes now; none when the partner, its realm or its subscription is gone. */
    private static Optional<Attempt> attempt(KeycloakSession session, OutboxEventEntity event) {
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        ClientModel partner = realm == null ? null : session.clients().getClientById(realm, event.getClientId());
        return Subscription.of(partner).map(subscription -> {
            session.getContext().setRealm(realm);
            return new Attempt(event.getJti(), subscription.url(), SecurityEventToken.sign(session, realm, partner, event));
        });
    }

    private CompletableFuture<Answer> send(Attempt attempt) {
        HttpRequest request = HttpRequest.newBuilder(attempt.url()).timeout(EventSettings.TIMEOUT)
                .header("Content-Type", "application/secevent+jwt").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(attempt.token())).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            if (failure != null) {
                boolean timeout = failure instanceof HttpTimeoutException || failure.getCause() instanceof HttpTimeoutException;
                return new Answer(attempt.jti(), timeout ? "timeout" : "unreachable", Outcome.RETRY);
            }
            int status = response.statusCode();
            Outcome outcome = status / 100 == 2 ? Outcome.DELIVERED
                    : status / 100 == 4 && status != 408 && status != 429 ? Outcome.REFUSED : Outcome.RETRY;
            return new Answer(attempt.jti(), String.valueOf(status), outcome);
        });
    }

    /** Nothing is recorded for an event redelivered or pruned meanwhile: its new round decides. */
    private void record(KeycloakSession session, Answer answer) {
        OutboxEventEntity event = em(session).find(OutboxEventEntity.class, answer.jti());
        if (event == null || !OutboxEventEntity.PENDING.equals(event.getStatus())) {
            return;
        }
        long now = Instant.now().toEpochMilli();
        event.setLastResult(answer.result());
        if (answer.outcome() == Outcome.DELIVERED) {
            event.setStatus(OutboxEventEntity.DELIVERED);
            event.setDeliveredAt(now);
        } else if (answer.outcome() == Outcome.REFUSED || now >= event.getRetryUntil()) {
            event.setStatus(OutboxEventEntity.FAILED);
            LOG.infof("Event %s failed for good after %d attempts (last: %s)", event.getJti(), event.getAttempts(), answer.result());
        } else {
            event.setNextAttemptAt(Math.min(now + settings.backoff(event.getAttempts()).toMillis(), event.getRetryUntil()));
        }
        OpenFinanceMetrics.partnerEvent(event.getStatus().equals(OutboxEventEntity.PENDING) ? "retry" : event.getStatus());
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
