package io.openfinance.identity.connection;

import io.openfinance.identity.flow.RequiredStepFactory;

public class BankConnectionAuthenticatorFactory extends RequiredStepFactory {

    public static final String ID = "bank-connection";

    public BankConnectionAuthenticatorFactory() {
        super(ID, "Bank connection (consent, bank, record)",
                "Connects the partner's profile to the bank named by the id:<bankId> scope, after the user's consent.",
                new BankConnectionAuthenticator());
    }
}
