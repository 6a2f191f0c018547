package io.openfinance.identity.profile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** Which partner owns a profile (a Keycloak user of the same id), and the partner's own id for it. */
@Entity
@Table(name = "OF_PROFILE")
@NamedQueries({
        @NamedQuery(name = "ofProfilesOfOwner",
                query = "select p from ProfileEntity p where p.realmId = :realmId and p.ownerClientId = :owner"
                        + " order by p.realmId, p.ownerClientId, p.createdAt, p.id"),
        // createdAt >= first, so that every database seeks the index there; the rest of the key only filters.
        @NamedQuery(name = "ofProfilesOfOwnerAfter",
                query = "select p from ProfileEntity p where p.realmId = :realmId and p.ownerClientId = :owner"
                        + " and p.createdAt >= :createdAt and (p.createdAt > :createdAt or p.id > :id)"
                        + " order by p.realmId, p.ownerClientId, p.createdAt, p.id"),
        // Only the index's own columns: an offset is counted off the index, without reading the table.
        @NamedQuery(name = "ofProfileKeysOfOwner",
                query = "select p.createdAt, p.id from ProfileEntity p where p.realmId = :realmId and p.ownerClientId = :owner"
                        + " order by p.realmId, p.ownerClientId, p.createdAt, p.id"),
        @NamedQuery(name = "ofProfileByClientUserId",
                query = "select p from ProfileEntity p where p.realmId = :realmId and p.ownerClientId = :owner"
                        + " and p.clientUserId = :clientUserId"),
        // Conditional, so that two nodes recording the same minute write the row once.
        @NamedQuery(name = "ofRecordProfileAccess",
                query = "update ProfileEntity p set p.lastAccessedAt = :now where p.id = :id"
                        + " and (p.lastAccessedAt is null or p.lastAccessedAt < :staleBefore)"),
        @NamedQuery(name = "ofDeleteProfilesOfRealm", query = "delete from ProfileEntity p where p.realmId = :realmId")
})
public class ProfileEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "OWNER_CLIENT_ID", length = 36, nullable = false)
    private String ownerClientId;

    @Column(name = "CLIENT_USER_ID")
    private String clientUserId;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    /** When a data token was last issued for the profile, to the minute. */
    @Column(name = "LAST_ACCESSED_AT")
    private Long lastAccessedAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getOwnerClientId() { return ownerClientId; }
    public void setOwnerClientId(String ownerClientId) { this.ownerClientId = ownerClientId; }
    public String getClientUserId() { return clientUserId; }
    public void setClientUserId(String clientUserId) { this.clientUserId = clientUserId; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public Long getLastAccessedAt() { return lastAccessedAt; }
}
