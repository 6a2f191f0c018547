package io.openfinance.identity.connection;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import io.openfinance.identity.flow.RequiredStepFactory;

/** The connection flow's one step; its {@link ConsentPolicy} comes from the server's settings. */
public class BankConnectionAuthenticatorFactory extends RequiredStepFactory {

    public static final String ID = "bank-connection";
    private static final Logger LOG = Logger.getLogger(BankConnectionAuthenticatorFactory.class);

    private ConsentPolicy consentPolicy = ConsentPolicy.DEFAULT;
    private BankConnectionAuthenticator authenticator = new BankConnectionAuthenticator(consentPolicy);

    public BankConnectionAuthenticatorFactory() {
        super(ID, "Bank connection (consent, bank, record)",
                "Connects the partner's profile to the bank named by the id:<bankId> scope, after the user's consent.",
                null);
    }

    @Override
    public void init(Config.Scope config) {
        consentPolicy = ConsentPolicy.from(config);
        authenticator = new BankConnectionAuthenticator(consentPolicy);
    }

    public ConsentPolicy consentPolicy() {
        return consentPolicy;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        Profile.Feature banks = Profile.Feature.PARAMETERIZED_SCOPES;
        if (!Profile.isFeatureEnabled(banks)) {
            LOG.errorf("Feature %s is off: Keycloak refuses every id:<bankId> scope, so no partner can connect a bank."
                    + " Start the server with --features=%s", banks.getKey(), banks.getKey());
        }
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return authenticator;
    }
}
