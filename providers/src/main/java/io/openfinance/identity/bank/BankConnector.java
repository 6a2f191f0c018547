package io.openfinance.identity.bank;

import java.time.Instant;
import java.util.List;

import io.openfinance.identity.store.BankTokens;
import io.openfinance.identity.store.Consent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;

/**
 * How this service talks to one kind of bank: its authorization, tokens and data API, read into our own
 * records. Chosen per bank by the identity provider config key {@value BankConfig#CONNECTOR}; a new
 * standard (e.g. UK Open Banking AIS) is one class implementing this and its factory.
 */
public interface BankConnector extends Provider {

    /**
     * Prepares the customer's authorisation at the bank for what they consented to on our page; a bank that keeps
     * consents as resources has one created here.
     *
     * @param customerIp the customer's IP address, for banks that want it on calls the customer is present for
     */
    BankAuthorization authorization(BankConfig bank, BankRedirect redirect, Consent consent, String customerIp)
            throws BankException;

    /**
     * @param idToken the id token the bank sent beside the code through the browser (hybrid flow), unverified; null
     *                when it sent none
     * @param grantId what {@link #authorization} returned; the tokens returned carry it
     */
    BankTokens exchangeCode(BankConfig bank, String code, String idToken, BankRedirect redirect, String grantId)
            throws BankException;

    BankTokens refresh(BankConfig bank, String refreshToken) throws BankException;

    /**
     * @param customerAuthenticatedAt when the customer last authenticated with us for this connection (their consent)
     * @param customerIpAddress       the customer's address when they are present (the read is then not unattended), else null
     */
    List<BankAccount> accounts(BankConfig bank, String accessToken, Instant customerAuthenticatedAt, String customerIpAddress)
            throws BankException;

    /** Only for an account {@link #accounts} returned; the parameters as there. */
    List<BankTransaction> transactions(BankConfig bank, String accountId, String accessToken, Instant customerAuthenticatedAt,
                                       String customerIpAddress) throws BankException;

    /**
     * Tells the bank our tokens, and the grant they carry, are no longer wanted; called after their connection was
     * deleted, never on a partner's request, and again later while the bank does not answer.
     */
    void revoke(BankConfig bank, BankTokens tokens) throws BankException;

    /** The connector a bank is configured with. @throws BankException when no such connector is installed */
    static BankConnector of(KeycloakSession session, BankConfig bank) throws BankException {
        BankConnector connector = session.getProvider(BankConnector.class, bank.connector());
        if (connector == null) {
            throw BankException.unavailable("no bank connector " + bank.connector() + " is installed", null);
        }
        return connector;
    }
}
