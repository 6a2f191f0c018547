package io.openfinance.identity.sandbox;

import io.openfinance.identity.flow.RequiredStepFactory;

public class RefusedLoginAuthenticatorFactory extends RequiredStepFactory {

    public RefusedLoginAuthenticatorFactory() {
        super("sandbox-refused-login", "Sandbox bank: refuse scenario customers",
                "In a sandbox bank realm, cancels the login of users whose " + Scenario.ATTRIBUTE + " is refused-login.",
                new RefusedLoginAuthenticator());
    }
}
