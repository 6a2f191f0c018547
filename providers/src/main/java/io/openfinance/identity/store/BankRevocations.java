package io.openfinance.identity.store;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankConnector;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.bank.Banks;
import io.openfinance.identity.metrics.OpenFinanceMetrics;
import io.openfinance.identity.sealing.Sealer;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * Tells banks that the tokens of deleted connections are no longer wanted, away from the request that deleted them: a
 * partner's deletion only queues the revocation ({@link BankRevocationEntity}). Each due revocation is taken in a
 * transaction of its own, its row locked while its bank answers. A bank that is down, disabled, or whose connector is
 * missing is asked again later, twice as late each time, {@value #ATTEMPTS} times at most; a bank's refusal, a bank
 * no longer configured, or tokens that no longer open end it. A bank that did not answer is not asked again in the same
 * round: its other due revocations wait as if it had not answered them either, so that one bank down, each call
 * waiting out its timeout, does not hold up the round. Run by one node of the cluster at a time.
 */
final class BankRevocations implements ScheduledTask {

    static final String NAME = "open-finance-bank-revocations";
    private static final int ATTEMPTS = 12;
    private static final int BATCH = 50;
    private static final Duration LONGEST_WAIT = Duration.ofHours(6);
    private static final Logger LOG = Logger.getLogger(BankRevocations.class);

    private final Duration interval;

    BankRevocations(Duration interval) {
        this.interval = interval;
    }

    @Override
    public void run(KeycloakSession session) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        List<String> due = em(session).createNamedQuery("ofDueBankRevocations", String.class)
                .setParameter("now", Instant.now().toEpochMilli()).setMaxResults(BATCH).getResultList();
        Set<RealmBank> unanswered = new HashSet<>();
        due.forEach(connectionId -> KeycloakModelUtils.runJobInTransaction(factory, own -> revoke(own, connectionId, unanswered)));
    }

    private void revoke(KeycloakSession session, String connectionId, Set<RealmBank> unanswered) {
        EntityManager em = em(session);
        BankRevocationEntity queued = em.find(BankRevocationEntity.class, connectionId, LockModeType.PESSIMISTIC_WRITE);
        if (queued == null || queued.getDueAt() > Instant.now().toEpochMilli()) {
            return;
        }
        RealmModel realm = session.realms().getRealm(queued.getRealmId());
        RealmBank bank = new RealmBank(queued.getRealmId(), queued.getBankId());
        Outcome outcome = realm == null ? Outcome.DROPPED
                : unanswered.contains(bank) ? Outcome.RETRY
                : attempt(session, realm, queued);
        if (outcome == Outcome.RETRY) {
            unanswered.add(bank);
        }
        if (outcome == Outcome.RETRY && queued.getAttempts() + 1 >= ATTEMPTS) {
            outcome = Outcome.ABANDONED;
            LOG.warnf("Connection %s: bank %s did not take the revocation of its tokens in %d attempts; given up",
                    connectionId, queued.getBankId(), ATTEMPTS);
        }
        if (outcome == Outcome.RETRY) {
            queued.setAttempts(queued.getAttempts() + 1);
            queued.setDueAt(Instant.now().plus(wait(queued.getAttempts())).toEpochMilli());
        } else {
            em.remove(queued);
        }
        OpenFinanceMetrics.bankRevocation(queued.getBankId(), outcome.name().toLowerCase());
    }

    private Outcome attempt(KeycloakSession session, RealmModel realm, BankRevocationEntity queued) {
        session.getContext().setRealm(realm);
        String connectionId = queued.getConnectionId();
        BankConfig bank = Banks.find(session, queued.getBankId()).orElse(null);
        if (bank == null) {
            if (Banks.exists(session, queued.getBankId())) {
                return Outcome.RETRY;
            }
            LOG.infof("Connection %s: bank %s is no longer configured; its tokens are dropped", connectionId, queued.getBankId());
            return Outcome.DROPPED;
        }
        BankTokens tokens;
        try {
            tokens = tokens(session, realm, queued);
        } catch (IllegalStateException unopenable) {
            LOG.warnf("Connection %s: its bank tokens no longer open (%s); not revoked", connectionId, unopenable.getMessage());
            return Outcome.DROPPED;
        }
        try {
            BankConnector.of(session, bank).revoke(bank, tokens);
            LOG.debugf("Connection %s: bank %s revoked its tokens", connectionId, bank.id());
            return Outcome.REVOKED;
        } catch (BankException e) {
            if (e.refused()) {
                LOG.warnf("Connection %s: bank %s refused the revocation of its tokens (%s)", connectionId, bank.id(), e.getMessage());
                return Outcome.REFUSED;
            }
            LOG.infof("Connection %s: bank %s did not answer the revocation (%s); asked again later", connectionId,
                    bank.id(), e.getMessage());
            return Outcome.RETRY;
        } catch (RuntimeException e) {
            LOG.warnf(e, "Connection %s: the revocation at bank %s failed; asked again later", connectionId, bank.id());
            return Outcome.RETRY;
        }
    }

    /** Sealed for the connection they belonged to: the same row id and fields. */
    private static BankTokens tokens(KeycloakSession session, RealmModel realm, BankRevocationEntity queued) {
        Sealer sealer = new Sealer(session, realm);
        String id = queued.getConnectionId();
        return new BankTokens(sealer.open(queued.getBankAccessToken(), id, JpaBankConnectionProvider.ACCESS_TOKEN),
                sealer.open(queued.getBankRefreshToken(), id, JpaBankConnectionProvider.REFRESH_TOKEN), null, queued.getBankGrantId());
    }

    private Duration wait(int attempts) {
        Duration wait = interval.multipliedBy(1L << Math.min(attempts, 20));
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    @Override
    public String getTaskName() {
        return NAME;
    }

    private enum Outcome { REVOKED, REFUSED, DROPPED, RETRY, ABANDONED }

    private record RealmBank(String realmId, String bankId) {
    }
}
