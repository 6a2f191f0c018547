package io.openfinance.identity.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A sync in flight (ours, scheduled or at connect, or the partner's): claimed by a node before it reads the bank, held
 * by that node until {@code leaseUntil}. At most one per connection (its key). A lease that ran out is a node that died
 * or hung: another node takes the sync over, as one of our unattended syncs, under the same sync id, one attempt
 * further; whichever attempt ends it records the sync under that id, once, in the transaction that deletes the lease.
 */
@Entity
@Table(name = "OF_SYNC_LEASE")
@NamedQueries({
        @NamedQuery(name = "ofConnectionsWithExpiredSyncLease",
                query = "select c from BankConnectionEntity c, SyncLeaseEntity l where l.connectionId = c.id"
                        + " and l.leaseUntil < :now order by l.leaseUntil"),
        @NamedQuery(name = "ofReleaseSyncLease",
                query = "delete from SyncLeaseEntity l where l.connectionId = :connectionId and l.syncId = :syncId"
                        + " and l.attempt = :attempt")
})
public class SyncLeaseEntity {

    @Id
    @Column(name = "CONNECTION_ID", length = 36)
    private String connectionId;

    @Column(name = "SYNC_ID", length = 36, nullable = false)
    private String syncId;

    /** When the sync was claimed first: its {@code createdAt}. */
    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "LEASE_UNTIL", nullable = false)
    private long leaseUntil;

    /** 1 for the node that claimed it, one more for each node that took it over. */
    @Column(name = "ATTEMPT", nullable = false)
    private int attempt;

    /** The JVM holding the lease, {@code pid@host}, for the operator's log and the cluster tests. */
    @Column(name = "HOLDER", length = 255, nullable = false)
    private String holder;

    public String getConnectionId() { return connectionId; }
    public void setConnectionId(String connectionId) { this.connectionId = connectionId; }
    public String getSyncId() { return syncId; }
    public void setSyncId(String syncId) { this.syncId = syncId; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public long getLeaseUntil() { return leaseUntil; }
    public void setLeaseUntil(long leaseUntil) { this.leaseUntil = leaseUntil; }
    public int getAttempt() { return attempt; }
    public void setAttempt(int attempt) { this.attempt = attempt; }
    public String getHolder() { return holder; }
    public void setHolder(String holder) { this.holder = holder; }
}
