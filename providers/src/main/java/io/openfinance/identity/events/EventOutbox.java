package io.openfinance.identity.events;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openfinance.identity.profile.ProfileEntity;
import io.openfinance.identity.rest.Page;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;
import org.keycloak.services.Urls;
import org.jboss.logging.Logger;

/**
 * The outbox of partner events, in Keycloak's database: an event is written in the transaction of the change it
 * reports, so that it exists exactly when the change does; {@link EventDelivery} sends it later, on one node.
 */
public final class EventOutbox implements Provider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(EventOutbox.class);

    private final KeycloakSession session;
    private final EntityManager em;
    private final EventSettings settings;

    EventOutbox(KeycloakSession session, EventSettings settings) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.settings = settings;
    }

    /** Queues the event of a partner's request (or a bank call it made) for the partner, if it subscribed to its type. */
    public void add(RealmModel realm, ConnectionEvent event) {
        add(realm, event, Optional.of(requestIssuer(session, realm)));
    }

    /**
     * The same for a change no request made (the expiry scan): with no URL to go by, the issuer is the one of the
     * realm's latest event.
     */
    public void addUnrequested(RealmModel realm, ConnectionEvent event) {
        add(realm, event, em.createNamedQuery("ofLatestIssuer", String.class).setParameter("realmId", realm.getId())
                .setMaxResults(1).getResultStream().findFirst());
    }

    /** The same for a change a request started but another thread finished (a sync): the request's issuer, when known. */
    public void addFor(RealmModel realm, ConnectionEvent event, String issuer) {
        if (issuer == null) {
            addUnrequested(realm, event);
        } else {
            add(realm, event, Optional.of(issuer));
        }
    }

    /** The issuer of the request this session serves. */
    public static String requestIssuer(KeycloakSession session, RealmModel realm) {
        return Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
    }

    private void add(RealmModel realm, ConnectionEvent event, Optional<String> issuer) {
        ProfileEntity profile = em.find(ProfileEntity.class, event.profileId());
        ClientModel partner = profile == null ? null : session.clients().getClientById(realm, profile.getOwnerClientId());
        if (Subscription.of(partner).filter(subscription -> subscription.wants(event.type())).isEmpty()) {
            return;
        }
        if (issuer.isEmpty()) {
            LOG.warnf("No issuer known yet for realm %s: event %s of connection %s not sent", realm.getName(),
                    event.type().id(), event.connectionId());
            return;
        }
        // A new connection has no events yet: the connect flow is spared the query.
        Long last = event.type() == EventType.CREATED ? null
                : em.createNamedQuery("ofLastEventSeq", Long.class).setParameter("connectionId", event.connectionId()).getSingleResult();
        long now = Instant.now().toEpochMilli();
        OutboxEventEntity entity = new OutboxEventEntity();
        entity.setJti(UUID.randomUUID().toString());
        entity.setRealmId(realm.getId());
        entity.setClientId(partner.getId());
        entity.setProfileId(event.profileId());
        entity.setConnectionId(event.connectionId());
        entity.setSeq(last == null ? 1 : last + 1);
        entity.setBankId(event.bankId());
        entity.setType(event.type().id());
        entity.setDetails(json(event));
        entity.setIssuer(issuer.get());
        entity.setCreatedAt(now);
        entity.setStatus(OutboxEventEntity.PENDING);
        entity.setNextAttemptAt(now);
        entity.setRetryUntil(now + settings.retryWindow().toMillis());
        em.persist(entity);
    }

    /** The partner's events, newest first; {@code status} null for all. */
    public List<OutboxEventEntity> ofPartner(RealmModel realm, ClientModel partner, String status, Page page) {
        TypedQuery<OutboxEventEntity> query = status == null
                ? em.createNamedQuery("ofEventsOfClient", OutboxEventEntity.class)
                : em.createNamedQuery("ofEventsOfClientWithStatus", OutboxEventEntity.class).setParameter("status", status);
        return query.setParameter("realmId", realm.getId()).setParameter("clientId", partner.getId())
                .setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList();
    }

    /** The partner's event, sent again from now on with a fresh retry window, whatever became of it before. */
    public Optional<OutboxEventEntity> redeliver(RealmModel realm, ClientModel partner, String jti) {
        if (jti == null || jti.length() > 36) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(OutboxEventEntity.class, jti))
                .filter(event -> event.getRealmId().equals(realm.getId()) && event.getClientId().equals(partner.getId()))
                .map(event -> {
                    long now = Instant.now().toEpochMilli();
                    event.setStatus(OutboxEventEntity.PENDING);
                    event.setNextAttemptAt(now);
                    event.setRetryUntil(now + settings.retryWindow().toMillis());
                    return event;
                });
    }

    /** Delivered and failed events older than the retention go; pending ones stay until decided. */
    int prune() {
        long before = Instant.now().minus(settings.retention()).toEpochMilli();
        return em.createNamedQuery("ofPruneEvents").setParameter("before", before).executeUpdate();
    }

    void forgetPartner(RealmModel realm, ClientModel partner) {
        em.createNamedQuery("ofDeleteEventsOfClient").setParameter("realmId", realm.getId())
                .setParameter("clientId", partner.getId()).executeUpdate();
    }

    void forgetRealm(RealmModel realm) {
        em.createNamedQuery("ofDeleteEventsOfRealm").setParameter("realmId", realm.getId()).executeUpdate();
    }

    private static String json(ConnectionEvent event) {
        try {
            return JSON.writeValueAsString(event.details());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
    }
}
