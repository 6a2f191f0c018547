package io.openfinance.identity.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** One consented link between a profile and a bank, with the bank's tokens. Never serialised to a partner. */
@Entity
@Table(name = "OF_BANK_CONNECTION")
@NamedQueries({
        @NamedQuery(name = "ofConnectionsOfProfile",
                query = "select c from BankConnectionEntity c where c.realmId = :realmId and c.profileId = :profileId order by c.createdAt"),
        @NamedQuery(name = "ofLiveConsentsOfProfile",
                query = "select c.id, c.dataScopes, c.consentExpiresAt from BankConnectionEntity c"
                        + " where c.realmId = :realmId and c.profileId = :profileId and c.consentExpiresAt > :now order by c.createdAt"),
        @NamedQuery(name = "ofConnectionsOfProfiles",
                query = "select c from BankConnectionEntity c where c.realmId = :realmId and c.profileId in :profileIds order by c.createdAt"),
        @NamedQuery(name = "ofRecordRead",
                query = "update BankConnectionEntity c set c.lastReadAt = :now, c.error = null, c.accountIds = :accountIds"
                        + " where c.id = :id"),
        @NamedQuery(name = "ofRecordError",
                query = "update BankConnectionEntity c set c.error = :error where c.id = :id"
                        + " and (c.error is null or c.error <> :error)"),
        // Live connections with bank tokens and no sync since, left to their first sync while new and never synced: the
        // unattended scan's candidates, the oldest first.
        @NamedQuery(name = "ofConnectionsWithoutSyncSince",
                query = "select c from BankConnectionEntity c where c.consentExpiresAt > :now and c.bankAccessToken is not null"
                        + " and (c.createdAt < :madeBefore or exists (select s.id from SyncEntity s where s.connectionId = c.id))"
                        + " and not exists (select s.id from SyncEntity s where s.connectionId = c.id and s.createdAt > :since)"
                        + " order by c.createdAt"),
        @NamedQuery(name = "ofEraseExpiredBankTokens",
                query = "update BankConnectionEntity c set c.bankAccessToken = null, c.bankRefreshToken = null,"
                        + " c.bankTokenExpiresAt = null where c.consentExpiresAt < :now"
                        + " and (c.bankAccessToken is not null or c.bankRefreshToken is not null)"),
        @NamedQuery(name = "ofConsentsEndingBy",
                query = "select c from BankConnectionEntity c where c.consentExpiresAt <= :horizon"
                        + " and (c.expiryNotice is null or c.expiryNotice <> 0)"),
        // A bulk update, so that the row's version stays: a bank-token refresh running meanwhile is not lost.
        @NamedQuery(name = "ofRecordExpiryNotice",
                query = "update BankConnectionEntity c set c.expiryNotice = :notice where c.id = :id"
                        + " and c.consentExpiresAt = :expiresAt"),
        @NamedQuery(name = "ofDeleteConnectionsOfProfile",
                query = "delete from BankConnectionEntity c where c.realmId = :realmId and c.profileId = :profileId"),
        @NamedQuery(name = "ofConnectionsSealedTheOldWay",
                query = "select c.id from BankConnectionEntity c where c.bankAccessToken not like :format"
                        + " or c.bankRefreshToken not like :format order by c.id"),
        @NamedQuery(name = "ofCountConnectionsSealedTheOldWay",
                query = "select count(c) from BankConnectionEntity c where c.bankAccessToken not like :format"
                        + " or c.bankRefreshToken not like :format"),
        @NamedQuery(name = "ofDeleteConnectionsOfRealm",
                query = "delete from BankConnectionEntity c where c.realmId = :realmId")
})
public class BankConnectionEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "PROFILE_ID", length = 36, nullable = false)
    private String profileId;

    @Column(name = "BANK_ID", nullable = false)
    private String bankId;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "CONSENT_EXPIRES_AT", nullable = false)
    private long consentExpiresAt;

    @Column(name = "TRANSACTIONS_FROM")
    private Long transactionsFrom;

    @Column(name = "DATA_SCOPES", length = 1024, nullable = false)
    private String dataScopes;

    @Column(name = "BANK_ACCESS_TOKEN", length = 8192)
    private String bankAccessToken;

    @Column(name = "BANK_REFRESH_TOKEN", length = 8192)
    private String bankRefreshToken;

    @Column(name = "BANK_TOKEN_EXPIRES_AT")
    private Long bankTokenExpiresAt;

    @Column(name = "BANK_GRANT_ID", length = 128)
    private String bankGrantId;

    @Column(name = "CONSENTED_AT")
    private Long consentedAt;

    @Column(name = "LAST_READ_AT")
    private Long lastReadAt;

    @Column(name = "ERROR", length = 32)
    private String error;

    @Column(name = "ACCOUNT_IDS", length = 4000)
    private String accountIds;

    @Column(name = "AUTHORIZATION_REQUEST", length = 64)
    private String authorizationRequest;

    /** The last expiry notice sent for the current consent, in seconds before its end; 0 once it ended. */
    @Column(name = "EXPIRY_NOTICE")
    private Long expiryNotice;

    /** Two nodes refreshing one bank token: the later writer fails instead of overwriting the newer token. */
    @Version
    @Column(name = "VERSION", nullable = false)
    private int version;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getProfileId() { return profileId; }
    public void setProfileId(String profileId) { this.profileId = profileId; }
    public String getBankId() { return bankId; }
    public void setBankId(String bankId) { this.bankId = bankId; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public long getConsentExpiresAt() { return consentExpiresAt; }
    public void setConsentExpiresAt(long consentExpiresAt) { this.consentExpiresAt = consentExpiresAt; }
    public Long getTransactionsFrom() { return transactionsFrom; }
    public void setTransactionsFrom(Long transactionsFrom) { this.transactionsFrom = transactionsFrom; }
    public String getDataScopes() { return dataScopes; }
    public void setDataScopes(String dataScopes) { this.dataScopes = dataScopes; }
    public String getBankAccessToken() { return bankAccessToken; }
    public void setBankAccessToken(String bankAccessToken) { this.bankAccessToken = bankAccessToken; }
    public String getBankRefreshToken() { return bankRefreshToken; }
    public void setBankRefreshToken(String bankRefreshToken) { this.bankRefreshToken = bankRefreshToken; }
    public Long getBankTokenExpiresAt() { return bankTokenExpiresAt; }
    public void setBankTokenExpiresAt(Long bankTokenExpiresAt) { this.bankTokenExpiresAt = bankTokenExpiresAt; }
    public Long getConsentedAt() { return consentedAt; }
    public void setConsentedAt(Long consentedAt) { this.consentedAt = consentedAt; }
    public Long getLastReadAt() { return lastReadAt; }
    public void setLastReadAt(Long lastReadAt) { this.lastReadAt = lastReadAt; }
    public String getError() { return error; }
    public void setError(String error) { this.error = error; }
    public String getAccountIds() { return accountIds; }
    public void setAccountIds(String accountIds) { this.accountIds = accountIds; }
    public String getAuthorizationRequest() { return authorizationRequest; }
    public void setAuthorizationRequest(String authorizationRequest) { this.authorizationRequest = authorizationRequest; }
    public Long getExpiryNotice() { return expiryNotice; }
    public void setExpiryNotice(Long expiryNotice) { this.expiryNotice = expiryNotice; }
    public int getVersion() { return version; }

    public String getBankGrantId() {
        return bankGrantId;
    }

    public void setBankGrantId(String bankGrantId) {
        this.bankGrantId = bankGrantId;
    }
}
