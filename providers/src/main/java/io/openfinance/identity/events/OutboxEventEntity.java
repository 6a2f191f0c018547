package io.openfinance.identity.events;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One event for one partner and its delivery state, written in the transaction of the change it reports.
 * {@code SEQ} orders a connection's events (unique per connection); {@code NEXT_ATTEMPT_AT} is both the retry
 * time and the lease of a node that claimed the event, so that another node takes over when that one dies.
 */
@Entity
@Table(name = "OF_EVENT_OUTBOX")
@NamedQueries({
        @NamedQuery(name = "ofLastEventSeq",
                query = "select max(e.seq) from OutboxEventEntity e where e.connectionId = :connectionId"),
        // The oldest undecided event of each connection, when due: a connection's next event waits for it.
        @NamedQuery(name = "ofDueEvents",
                query = "select e from OutboxEventEntity e where e.status = 'pending' and e.nextAttemptAt <= :now"
                        + " and not exists (select p from OutboxEventEntity p where p.connectionId = e.connectionId"
                        + " and p.status = 'pending' and p.seq < e.seq) order by e.nextAttemptAt"),
        @NamedQuery(name = "ofLatestIssuer",
                query = "select e.issuer from OutboxEventEntity e where e.realmId = :realmId order by e.createdAt desc"),
        @NamedQuery(name = "ofClaimEvent",
                query = "update OutboxEventEntity e set e.nextAttemptAt = :leaseEnd, e.attempts = e.attempts + 1,"
                        + " e.lastAttemptAt = :now where e.jti = :jti and e.status = 'pending' and e.nextAttemptAt <= :now"),
        @NamedQuery(name = "ofEventsOfClient",
                query = "select e from OutboxEventEntity e where e.realmId = :realmId and e.clientId = :clientId"
                        + " order by e.createdAt desc, e.jti"),
        @NamedQuery(name = "ofEventsOfClientWithStatus",
                query = "select e from OutboxEventEntity e where e.realmId = :realmId and e.clientId = :clientId"
                        + " and e.status = :status order by e.createdAt desc, e.jti"),
        @NamedQuery(name = "ofPruneEvents",
                query = "delete from OutboxEventEntity e where e.status <> 'pending' and e.createdAt < :before"),
        @NamedQuery(name = "ofDeleteEventsOfClient",
                query = "delete from OutboxEventEntity e where e.realmId = :realmId and e.clientId = :clientId"),
        @NamedQuery(name = "ofDeleteEventsOfRealm", query = "delete from OutboxEventEntity e where e.realmId = :realmId")
})
public class OutboxEventEntity {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    @Id
    @Column(name = "JTI", length = 36)
    private String jti;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** The partner's internal client id: its events only ever go to it. */
    @Column(name = "CLIENT_ID", length = 36, nullable = false)
    private String clientId;

    @Column(name = "PROFILE_ID", length = 36, nullable = false)
    private String profileId;

    @Column(name = "CONNECTION_ID", length = 36, nullable = false)
    private String connectionId;

    @Column(name = "SEQ", nullable = false)
    private long seq;

    @Column(name = "BANK_ID", nullable = false)
    private String bankId;

    @Column(name = "TYPE", length = 32, nullable = false)
    private String type;

    /** The type's own fields, a JSON object. */
    @Column(name = "DETAILS", length = 1024, nullable = false)
    private String details;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    /** The realm's issuer as partners reach it, seen on the request that made the event. */
    @Column(name = "ISSUER", nullable = false)
    private String issuer;

    @Column(name = "STATUS", length = 16, nullable = false)
    private String status;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
    private long nextAttemptAt;

    @Column(name = "RETRY_UNTIL", nullable = false)
    private long retryUntil;

    @Column(name = "LAST_ATTEMPT_AT")
    private Long lastAttemptAt;

    /** The partner's HTTP status, or why there was none ({@code timeout}, {@code unreachable}). */
    @Column(name = "LAST_RESULT", length = 64)
    private String lastResult;

    @Column(name = "DELIVERED_AT")
    private Long deliveredAt;

    public String getJti() { return jti; }
    public void setJti(String jti) { this.jti = jti; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getProfileId() { return profileId; }
    public void setProfileId(String profileId) { this.profileId = profileId; }
    public String getConnectionId() { return connectionId; }
    public void setConnectionId(String connectionId) { this.connectionId = connectionId; }
    public long getSeq() { return seq; }
    public void setSeq(long seq) { this.seq = seq; }
    public String getBankId() { return bankId; }
    public void setBankId(String bankId) { this.bankId = bankId; }
    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getDetails() { return details; }
    public void setDetails(String details) { this.details = details; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public String getIssuer() { return issuer; }
    public void setIssuer(String issuer) { this.issuer = issuer; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public int getAttempts() { return attempts; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public long getNextAttemptAt() { return nextAttemptAt; }
    public void setNextAttemptAt(long nextAttemptAt) { this.nextAttemptAt = nextAttemptAt; }
    public long getRetryUntil() { return retryUntil; }
    public void setRetryUntil(long retryUntil) { this.retryUntil = retryUntil; }
    public Long getLastAttemptAt() { return lastAttemptAt; }
    public void setLastAttemptAt(Long lastAttemptAt) { this.lastAttemptAt = lastAttemptAt; }
    public String getLastResult() { return lastResult; }
    public void setLastResult(String lastResult) { this.lastResult = lastResult; }
    public Long getDeliveredAt() { return deliveredAt; }
    public void setDeliveredAt(Long deliveredAt) { this.deliveredAt = deliveredAt; }
}
