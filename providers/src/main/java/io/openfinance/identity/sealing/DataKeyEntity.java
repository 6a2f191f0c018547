package io.openfinance.identity.sealing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A realm's data key, wrapped by the key-encryption key it names; the database never holds it unwrapped. */
@Entity
@Table(name = "OF_DATA_KEY")
@NamedQueries({
        @NamedQuery(name = "ofDataKeyOfRealm", query = "select k from DataKeyEntity k where k.realmId = :realmId"),
        @NamedQuery(name = "ofDataKeysWrappedByOthers",
                query = "select k from DataKeyEntity k where k.kekId <> :kekId order by k.createdAt"),
        @NamedQuery(name = "ofCountDataKeysWrappedByOthers",
                query = "select count(k) from DataKeyEntity k where k.kekId <> :kekId"),
        @NamedQuery(name = "ofRewrapDataKey",
                query = "update DataKeyEntity k set k.kekId = :kekId, k.wrappedKey = :wrappedKey where k.id = :id and k.kekId = :previousKekId"),
        @NamedQuery(name = "ofDeleteDataKeysOfRealm", query = "delete from DataKeyEntity k where k.realmId = :realmId")
})
public class DataKeyEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    /** Unique: two nodes making a realm's first data key at once keep one. */
    @Column(name = "REALM_ID", length = 36, nullable = false, unique = true)
    private String realmId;

    @Column(name = "KEK_ID", length = 32, nullable = false)
    private String kekId;

    /** Base64 of the AES-GCM IV, wrapped key and tag. */
    @Column(name = "WRAPPED_KEY", length = 255, nullable = false)
    private String wrappedKey;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getKekId() { return kekId; }
    public void setKekId(String kekId) { this.kekId = kekId; }
    public String getWrappedKey() { return wrappedKey; }
    public void setWrappedKey(String wrappedKey) { this.wrappedKey = wrappedKey; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
}
