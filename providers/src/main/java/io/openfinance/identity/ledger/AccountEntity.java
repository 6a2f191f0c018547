package io.openfinance.identity.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * An account as a bank last returned it for one connection. The account identifiers are sealed ({@code sealing.Sealer}),
 * bound to this row. One row per (connection, bank account id): the database keeps it so.
 */
@Entity
@Table(name = "OF_ACCOUNT")
@NamedQueries({
        @NamedQuery(name = "ofAccountsOfConnections",
                query = "select a from AccountEntity a where a.connectionId in :connectionIds order by a.addedAt, a.id")
})
public class AccountEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "CONNECTION_ID", length = 36, nullable = false)
    private String connectionId;

    @Column(name = "BANK_ACCOUNT_ID", length = 255, nullable = false)
    private String bankAccountId;

    @Column(name = "NAME", length = 255, nullable = false)
    private String name;

    @Column(name = "KIND", length = 16, nullable = false)
    private String kind;

    @Column(name = "BUSINESS", nullable = false)
    private boolean business;

    @Column(name = "CURRENCY", length = 8, nullable = false)
    private String currency;

    @Column(name = "BALANCE", nullable = false)
    private long balance;

    @Column(name = "BALANCE_DATE", length = 10, nullable = false)
    private String balanceDate;

    @Column(name = "HOLDER_NAME", length = 1024)
    private String holderName;

    @Column(name = "SORT_CODE", length = 1024)
    private String sortCode;

    @Column(name = "ACCOUNT_NUMBER", length = 1024)
    private String accountNumber;

    @Column(name = "IBAN", length = 1024)
    private String iban;

    @Column(name = "ADDED_AT", nullable = false)
    private long addedAt;

    @Column(name = "MODIFIED_AT", nullable = false)
    private long modifiedAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getConnectionId() { return connectionId; }
    public void setConnectionId(String connectionId) { this.connectionId = connectionId; }
    public String getBankAccountId() { return bankAccountId; }
    public void setBankAccountId(String bankAccountId) { this.bankAccountId = bankAccountId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public boolean isBusiness() { return business; }
    public void setBusiness(boolean business) { this.business = business; }
    public String getCurrency() { return currency; }
    public void setCurrency(String currency) { this.currency = currency; }
    public long getBalance() { return balance; }
    public void setBalance(long balance) { this.balance = balance; }
    public String getBalanceDate() { return balanceDate; }
    public void setBalanceDate(String balanceDate) { this.balanceDate = balanceDate; }
    public String getHolderName() { return holderName; }
    public void setHolderName(String holderName) { this.holderName = holderName; }
    public String getSortCode() { return sortCode; }
    public void setSortCode(String sortCode) { this.sortCode = sortCode; }
    public String getAccountNumber() { return accountNumber; }
    public void setAccountNumber(String accountNumber) { this.accountNumber = accountNumber; }
    public String getIban() { return iban; }
    public void setIban(String iban) { this.iban = iban; }
    public long getAddedAt() { return addedAt; }
    public void setAddedAt(long addedAt) { this.addedAt = addedAt; }
    public long getModifiedAt() { return modifiedAt; }
    public void setModifiedAt(long modifiedAt) { this.modifiedAt = modifiedAt; }
}
