package io.openfinance.identity.connection;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

import io.openfinance.identity.flow.RequiredStepFactory;

/** The connection flow's one step; its {@link ConsentPolicy} comes from the server's settings. */
public class BankConnectionAuthenticatorFactory extends RequiredStepFactory {

    public static final String ID = "bank-connection";

    private BankConnectionAuthenticator authenticator = new BankConnectionAuthenticator(ConsentPolicy.DEFAULT);

    public BankConnectionAuthenticatorFactory() {
        super(ID, "Bank connection (consent, bank, record)",
                "Connects the partner's profile to the bank named by the id:<bankId> scope, after the user's consent.",
                null);
    }

    @Override
    public void init(Config.Scope config) {
        authenticator = new BankConnectionAuthenticator(ConsentPolicy.from(config));
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return authenticator;
    }
}
