package io.openfinance.identity.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One read of a connection's bank into the store, as the partner's {@code getSync} shows it. */
@Entity
@Table(name = "OF_SYNC")
@NamedQueries({
        @NamedQuery(name = "ofSyncsOfConnection",
                query = "select s from SyncEntity s where s.connectionId = :connectionId order by s.createdAt desc, s.id"),
        @NamedQuery(name = "ofLastSyncOfConnection",
                query = "select max(s.createdAt) from SyncEntity s where s.connectionId = :connectionId")
})
public class SyncEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "CONNECTION_ID", length = 36, nullable = false)
    private String connectionId;

    /** {@code auto-update} (ours) or {@code client-update} (the partner's). */
    @Column(name = "ACTION", length = 16, nullable = false)
    private String action;

    /** {@code ADD} for a connection's first sync, {@code UPDATE} after. */
    @Column(name = "METHOD", length = 8, nullable = false)
    private String method;

    @Column(name = "FETCH_STATUS", length = 20, nullable = false)
    private String fetchStatus;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "FETCHED_AT", nullable = false)
    private long fetchedAt;

    /** Our ids of the accounts the sync read, space separated. */
    @Column(name = "ACCOUNT_IDS", length = 4000, nullable = false)
    private String accountIds;

    @Column(name = "ADDED", nullable = false)
    private int added;

    @Column(name = "UPDATED", nullable = false)
    private int updated;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getConnectionId() { return connectionId; }
    public void setConnectionId(String connectionId) { this.connectionId = connectionId; }
    public String getAction() { return action; }
    public void setAction(String action) { this.action = action; }
    public String getMethod() { return method; }
    public void setMethod(String method) { this.method = method; }
    public String getFetchStatus() { return fetchStatus; }
    public void setFetchStatus(String fetchStatus) { this.fetchStatus = fetchStatus; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public long getFetchedAt() { return fetchedAt; }
    public void setFetchedAt(long fetchedAt) { this.fetchedAt = fetchedAt; }
    public String getAccountIds() { return accountIds; }
    public void setAccountIds(String accountIds) { this.accountIds = accountIds; }
    public int getAdded() { return added; }
    public void setAdded(int added) { this.added = added; }
    public int getUpdated() { return updated; }
    public void setUpdated(int updated) { this.updated = updated; }
}
