package io.openfinance.identity.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One read of a connection's bank without its customer present: counted against the allowance before the bank is called. */
@Entity
@Table(name = "OF_UNATTENDED_READ")
@NamedQueries({
        @NamedQuery(name = "ofUnattendedReadsSince",
                query = "select r.readAt from UnattendedReadEntity r where r.connectionId = :connectionId and r.readAt > :since"
                        + " order by r.readAt"),
        @NamedQuery(name = "ofPruneUnattendedReads", query = "delete from UnattendedReadEntity r where r.readAt < :before")
})
public class UnattendedReadEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "CONNECTION_ID", length = 36, nullable = false)
    private String connectionId;

    @Column(name = "READ_AT", nullable = false)
    private long readAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getConnectionId() { return connectionId; }
    public void setConnectionId(String connectionId) { this.connectionId = connectionId; }
    public long getReadAt() { return readAt; }
    public void setReadAt(long readAt) { this.readAt = readAt; }
}
