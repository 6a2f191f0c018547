package io.openfinance.identity.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * The bank tokens of a deleted connection, kept sealed until the bank is told they are no longer wanted. Written in
 * the transaction that deletes the connection, so that neither a crash nor a bank that is down loses one; its key is
 * the connection's id, under which the tokens stay sealed.
 */
@Entity
@Table(name = "OF_BANK_REVOCATION")
@NamedQueries({
        @NamedQuery(name = "ofDueBankRevocations",
                query = "select r.connectionId from BankRevocationEntity r where r.dueAt <= :now order by r.dueAt"),
        @NamedQuery(name = "ofDeleteBankRevocationsOfRealm",
                query = "delete from BankRevocationEntity r where r.realmId = :realmId")
})
public class BankRevocationEntity {

    @Id
    @Column(name = "CONNECTION_ID", length = 36)
    private String connectionId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "BANK_ID", length = 255, nullable = false)
    private String bankId;

    @Column(name = "BANK_ACCESS_TOKEN", length = 8192)
    private String bankAccessToken;

    @Column(name = "BANK_REFRESH_TOKEN", length = 8192)
    private String bankRefreshToken;

    @Column(name = "BANK_GRANT_ID", length = 128)
    private String bankGrantId;

    /** Attempts the bank did not answer so far. */
    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    /** When the next attempt is due, epoch milliseconds. */
    @Column(name = "DUE_AT", nullable = false)
    private long dueAt;

    public String getConnectionId() { return connectionId; }
    public void setConnectionId(String connectionId) { this.connectionId = connectionId; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getBankId() { return bankId; }
    public void setBankId(String bankId) { this.bankId = bankId; }
    public String getBankAccessToken() { return bankAccessToken; }
    public void setBankAccessToken(String bankAccessToken) { this.bankAccessToken = bankAccessToken; }
    public String getBankRefreshToken() { return bankRefreshToken; }
    public void setBankRefreshToken(String bankRefreshToken) { this.bankRefreshToken = bankRefreshToken; }
    public String getBankGrantId() { return bankGrantId; }
    public void setBankGrantId(String bankGrantId) { this.bankGrantId = bankGrantId; }
    public int getAttempts() { return attempts; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public long getDueAt() { return dueAt; }
    public void setDueAt(long dueAt) { this.dueAt = dueAt; }
}
