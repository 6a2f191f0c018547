package io.openfinance.identity.events;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import jakarta.persistence.EntityManager;

import io.openfinance.identity.metrics.OpenFinanceMetrics;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
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
 * Sent only where {@link EventDestinations} allows: its resolver is the HTTP client's, so the client connects to
 * the addresses it checked. No redirect is followed, no proxy used.
 */
final class EventDelivery {

    private static final Logger LOG = Logger.getLogger(EventDelivery.class);
    private static final int BATCH = 100;
    /** What the partner sees of an attempt refused before any connection. */
    static final String REFUSED = "refused";

    private final KeycloakSessionFactory factory;
    private final EventSettings settings;
    private final EventDestinations destinations;
    private final CloseableHttpClient http;
    private final ExecutorService senders = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "open-finance-event-sender");
        thread.setDaemon(true);
        return thread;
    });

    EventDelivery(KeycloakSessionFactory factory, EventSettings settings, EventDestinations destinations) {
        this.factory = factory;
        this.settings = settings;
        this.destinations = destinations;
        this.http = client(destinations);
    }

    private static CloseableHttpClient client(EventDestinations destinations) {
        SSLConnectionSocketFactory tls;
        try {
            tls = new SSLConnectionSocketFactory(SSLContext.getDefault(), SSLConnectionSocketFactory.getDefaultHostnameVerifier());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create().register("https", tls)
                        .register("http", PlainConnectionSocketFactory.getSocketFactory()).build(),
                null, null, destinations, -1, TimeUnit.MILLISECONDS);
        connections.setMaxTotal(BATCH);
        connections.setDefaultMaxPerRoute(BATCH);
        int timeout = (int) EventSettings.TIMEOUT.toMillis();
        return HttpClients.custom().setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout)
                        .setConnectionRequestTimeout(timeout).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().disableAuthCaching()
                .build();
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
                    .setParameter("leaseEnd", now + settings.lease().toMillis()).executeUpdate() == 1;
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
        return CompletableFuture.supplyAsync(() -> post(attempt), senders);
    }

    /**
     * At most {@link EventSettings#TIMEOUT} in all, however slowly the partner answers. The partner learns no more
     * than a coarse result: its endpoint's status, {@code timeout}, {@code unreachable} or {@value #REFUSED}.
     */
    private Answer post(Attempt attempt) {
        if (!destinations.allowsScheme(attempt.url())) {
            return refused(attempt, "plain HTTP to " + attempt.url().getHost());
        }
        HttpPost post = new HttpPost(attempt.url());
        post.setHeader("Accept", "application/json");
        post.setEntity(new StringEntity(attempt.token(), ContentType.create("application/secevent+jwt")));
        CompletableFuture.runAsync(post::abort,
                CompletableFuture.delayedExecutor(EventSettings.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS, senders));
        try (CloseableHttpResponse response = http.execute(post)) {
            int status = response.getStatusLine().getStatusCode();
            Outcome outcome = status / 100 == 2 ? Outcome.DELIVERED
                    : status / 100 == 4 && status != 408 && status != 429 ? Outcome.REFUSED : Outcome.RETRY;
            return new Answer(attempt.jti(), String.valueOf(status), outcome);
        } catch (EventDestinations.Refused refused) {
            return refused(attempt, refused.getMessage());
        } catch (IOException | RuntimeException failure) {
            boolean timeout = post.isAborted() || failure instanceof SocketTimeoutException || failure instanceof ConnectTimeoutException;
            return new Answer(attempt.jti(), timeout ? "timeout" : "unreachable", Outcome.RETRY);
        }
    }

    /** For the admin, the reason; for the partner, only that the destination was refused. */
    private static Answer refused(Attempt attempt, String reason) {
        LOG.warnf("Event %s not sent, destination refused (%s); --spi-open-finance-events--jpa--allowed-destinations "
                + "lists exceptions", attempt.jti(), reason);
        return new Answer(attempt.jti(), REFUSED, Outcome.REFUSED);
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
