package io.openfinance.identity.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A transaction as a bank last returned it. The bank's own id is unique within its account (hence its connection and
 * the bank's account id): a transaction that moves from pending to booked is one row, updated, whatever races.
 */
@Entity
@Table(name = "OF_TRANSACTION")
@NamedQueries({
        @NamedQuery(name = "ofTransactionsOfAccount",
                query = "select t from TransactionEntity t where t.accountId = :accountId")
})
public class TransactionEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "CONNECTION_ID", length = 36, nullable = false)
    private String connectionId;

    @Column(name = "ACCOUNT_ID", length = 36, nullable = false)
    private String accountId;

    @Column(name = "BANK_TRANSACTION_ID", length = 255, nullable = false)
    private String bankTransactionId;

    /** Signed, in minor units: negative for money out. */
    @Column(name = "AMOUNT", nullable = false)
    private long amount;

    @Column(name = "CURRENCY", length = 8, nullable = false)
    private String currency;

    @Column(name = "BOOKED_AT", nullable = false)
    private long bookedAt;

    @Column(name = "DESCRIPTION", length = 1024, nullable = false)
    private String description;

    @Column(name = "PENDING", nullable = false)
    private boolean pending;

    @Column(name = "ADDED_AT", nullable = false)
    private long addedAt;

    @Column(name = "MODIFIED_AT", nullable = false)
    private long modifiedAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getConnectionId() { return connectionId; }
    public void setConnectionId(String connectionId) { this.connectionId = connectionId; }
    public String getAccountId() { return accountId; }
    public void setAccountId(String accountId) { this.accountId = accountId; }
    public String getBankTransactionId() { return bankTransactionId; }
    public void setBankTransactionId(String bankTransactionId) { this.bankTransactionId = bankTransactionId; }
    public long getAmount() { return amount; }
    public void setAmount(long amount) { this.amount = amount; }
    public String getCurrency() { return currency; }
    public void setCurrency(String currency) { this.currency = currency; }
    public long getBookedAt() { return bookedAt; }
    public void setBookedAt(long bookedAt) { this.bookedAt = bookedAt; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public boolean isPending() { return pending; }
    public void setPending(boolean pending) { this.pending = pending; }
    public long getAddedAt() { return addedAt; }
    public void setAddedAt(long addedAt) { this.addedAt = addedAt; }
    public long getModifiedAt() { return modifiedAt; }
    public void setModifiedAt(long modifiedAt) { this.modifiedAt = modifiedAt; }
}
