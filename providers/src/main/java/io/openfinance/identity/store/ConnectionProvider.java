package io.openfinance.identity.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.openfinance.identity.store.BankConnection.ConnectionError;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * Every read and write of a bank connection, obtained with {@code session.getProvider(ConnectionProvider.class)}.
 * Connections belong to a profile; a lookup that names another profile's connection finds nothing. Every change a
 * partner may subscribe to is queued as an event in the transaction that makes it.
 */
public interface ConnectionProvider extends Provider {

    /**
     * A new connection, written at once.
     *
     * @throws ModelDuplicateException when this authorization request already made a connection
     */
    BankConnection create(RealmModel realm, String profileId, String bankId, Consent consent, BankTokens tokens,
                          String authorizationRequest);

    /**
     * Re-authorisation, re-consent or token refresh ({@code renewal}: {@code reauth}, {@code reconsent},
     * {@code refresh}), same id: a null consent or null tokens keep the current ones.
     */
    Optional<BankConnection> renew(RealmModel realm, String profileId, String connectionId, Consent consent,
                                   BankTokens tokens, String authorizationRequest, String renewal);

    Optional<BankConnection> find(RealmModel realm, String profileId, String connectionId);

    List<BankConnection> ofProfile(RealmModel realm, String profileId);

    /**
     * What a token needs of the profile's connections whose consent has not ended: remembered per node until any of
     * them changes, so that the profile's tokens read nothing here.
     */
    List<LiveConsent> liveConsents(RealmModel realm, String profileId);

    /** Each listed profile's connections, in one query. */
    Map<String, List<BankConnection>> ofProfiles(RealmModel realm, List<String> profileIds);

    /** The connection's bank tokens, opened. @throws IllegalStateException when they can no longer be opened */
    Optional<BankTokens> tokens(RealmModel realm, BankConnection connection);

    /** Tokens the bank gave on refresh, unless newer ones were stored meanwhile: a newer token is never lost. */
    void storeRefreshedTokens(RealmModel realm, BankConnection connection, BankTokens previous, BankTokens refreshed);

    /**
     * The connection's fields after a sync, the one place they follow it: a success ({@code error} null) sets
     * {@code lastUpdated} and the stored accounts and clears the error; a failure sets the error, and tells the
     * partner when it changed. {@code issuer}: the issuer of the request that started the sync, null for ours.
     */
    void recordSync(RealmModel realm, BankConnection connection, List<String> accountIds, ConnectionError error, String issuer);

    /** @throws IllegalArgumentException when {@code expiresAt} is not earlier than the current end */
    Optional<BankConnection> shortenConsent(RealmModel realm, BankConnection connection, Instant expiresAt);

    boolean delete(RealmModel realm, String profileId, String connectionId);

    void deleteAllOfProfile(RealmModel realm, String profileId);

    void deleteAllOfRealm(RealmModel realm);
}
