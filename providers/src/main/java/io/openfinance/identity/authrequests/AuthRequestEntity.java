package io.openfinance.identity.authrequests;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** An authorization our server made for a partner, and how it ended. Its state, nonce and PKCE verifier never leave it. */
@Entity
@Table(name = "OF_AUTH_REQUEST")
@NamedQueries({
        @NamedQuery(name = "ofAuthRequestsOfClient",
                query = "select a from AuthRequestEntity a where a.realmId = :realmId and a.clientId = :clientId"
                        + " order by a.realmId, a.clientId, a.createdAt, a.id"),
        // The one completion: only a pending, unexpired row changes, so that of two racing completions one finds nothing.
        @NamedQuery(name = "ofCompleteAuthRequest",
                query = "update AuthRequestEntity a set a.status = :status, a.userId = :userId, a.connectionId = :connectionId,"
                        + " a.error = :error, a.completedAt = :now"
                        + " where a.id = :id and a.status = 'pending' and a.expiresAt > :now"),
        @NamedQuery(name = "ofDeleteAuthRequestsOfRealm", query = "delete from AuthRequestEntity a where a.realmId = :realmId")
})
public class AuthRequestEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** The partner's internal client id. */
    @Column(name = "CLIENT_ID", length = 36, nullable = false)
    private String clientId;

    @Column(name = "REDIRECT_URI", length = 1024, nullable = false)
    private String redirectUri;

    @Column(name = "BANK_ID")
    private String bankId;

    @Column(name = "SCOPE", length = 1024, nullable = false)
    private String scope;

    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Column(name = "CONNECTION_ID", length = 36)
    private String connectionId;

    @Column(name = "STATE", length = 64, nullable = false)
    private String state;

    @Column(name = "NONCE", length = 64, nullable = false)
    private String nonce;

    @Column(name = "CODE_VERIFIER", length = 128, nullable = false)
    private String codeVerifier;

    @Column(name = "AUTH_URL", length = 2048, nullable = false)
    private String authUrl;

    @Column(name = "STATUS", length = 16, nullable = false)
    private String status;

    @Column(name = "ERROR", length = 255)
    private String error;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    @Column(name = "COMPLETED_AT")
    private Long completedAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getRedirectUri() { return redirectUri; }
    public void setRedirectUri(String redirectUri) { this.redirectUri = redirectUri; }
    public String getBankId() { return bankId; }
    public void setBankId(String bankId) { this.bankId = bankId; }
    public String getScope() { return scope; }
    public void setScope(String scope) { this.scope = scope; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getConnectionId() { return connectionId; }
    public void setConnectionId(String connectionId) { this.connectionId = connectionId; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public String getNonce() { return nonce; }
    public void setNonce(String nonce) { this.nonce = nonce; }
    public String getCodeVerifier() { return codeVerifier; }
    public void setCodeVerifier(String codeVerifier) { this.codeVerifier = codeVerifier; }
    public String getAuthUrl() { return authUrl; }
    public void setAuthUrl(String authUrl) { this.authUrl = authUrl; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getError() { return error; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(long expiresAt) { this.expiresAt = expiresAt; }
    public Long getCompletedAt() { return completedAt; }
}
