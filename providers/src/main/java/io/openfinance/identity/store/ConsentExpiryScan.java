package io.openfinance.identity.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import io.openfinance.identity.events.EventType;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.timer.ScheduledTask;

/**
 * Tells partners that a consent is about to end ({@code connection.expiring}, at each notice, 7 and 1 days before by
 * default) and that it ended ({@code connection.expired}). Each notice goes once per consent, the most urgent due
 * one only; a notice longer than the whole consent is skipped (a 24-hour consent gets no "1 day left"). Run by one
 * node of the cluster at a time.
 */
final class ConsentExpiryScan implements ScheduledTask {

    static final String NAME = "open-finance-consent-expiry";
    /** A consent that ended longer ago than this (e.g. before an upgrade) is marked without telling anyone. */
    private static final Duration LATE = Duration.ofDays(1);
    private static final long EXPIRED = 0;

    private final List<Duration> notices;

    ConsentExpiryScan(List<Duration> notices) {
        this.notices = notices.stream().sorted().toList();
    }

    @Override
    public void run(KeycloakSession session) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        Instant now = Instant.now();
        Duration longest = notices.isEmpty() ? Duration.ZERO : notices.get(notices.size() - 1);
        em.createNamedQuery("ofConsentsEndingBy", BankConnectionEntity.class)
                .setParameter("horizon", now.plus(longest).toEpochMilli())
                .getResultList()
                .forEach(entity -> due(entity, now).ifPresent(notice -> notify(session, em, entity, notice, now)));
    }

    /** The most urgent notice due for the connection, in seconds (0: ended), unless it or a later one was sent. */
    private Optional<Long> due(BankConnectionEntity entity, Instant now) {
        Duration left = Duration.between(now, Instant.ofEpochMilli(entity.getConsentExpiresAt()));
        Optional<Long> due = left.isNegative() || left.isZero() ? Optional.of(EXPIRED)
                : notices.stream().filter(notice -> left.compareTo(notice) <= 0).min(Comparator.naturalOrder()).map(Duration::toSeconds);
        return due.filter(notice -> entity.getExpiryNotice() == null || notice < entity.getExpiryNotice());
    }

    private static void notify(KeycloakSession session, EntityManager em, BankConnectionEntity entity, long notice, Instant now) {
        Instant expiresAt = Instant.ofEpochMilli(entity.getConsentExpiresAt());
        boolean marked = em.createNamedQuery("ofRecordExpiryNotice").setParameter("notice", notice)
                .setParameter("id", entity.getId()).setParameter("expiresAt", entity.getConsentExpiresAt()).executeUpdate() == 1;
        RealmModel realm = session.realms().getRealm(entity.getRealmId());
        if (!marked || realm == null || !worthTelling(entity, notice, expiresAt, now)) {
            return;
        }
        BankConnection connection = BankConnection.of(entity);
        JpaBankConnectionProvider.events(session).addUnrequested(realm, notice == EXPIRED
                ? JpaBankConnectionProvider.event(EventType.EXPIRED, connection).with("expiresAt", expiresAt.toString())
                : JpaBankConnectionProvider.event(EventType.EXPIRING, connection).with("expiresAt", expiresAt.toString())
                        .with("notice", Duration.ofSeconds(notice).toString()));
    }

    private static boolean worthTelling(BankConnectionEntity entity, long notice, Instant expiresAt, Instant now) {
        if (notice == EXPIRED) {
            return expiresAt.isAfter(now.minus(LATE));
        }
        long consentedAt = entity.getConsentedAt() == null ? entity.getCreatedAt() : entity.getConsentedAt();
        return Duration.between(Instant.ofEpochMilli(consentedAt), expiresAt).toSeconds() > notice;
    }

    @Override
    public String getTaskName() {
        return NAME;
    }
}
