package io.openfinance.identity.obsandbox;

import io.openfinance.identity.flow.RequiredStepFactory;

public class ObAccountSelectionFactory extends RequiredStepFactory {

    public ObAccountSelectionFactory() {
        super("ob-sandbox-account-selection", "Open Banking sandbox: consent and account selection",
                "In a sandbox bank realm, for clients marked " + ObAccountSelection.TPP_ATTRIBUTE + ": checks the request's "
                        + "openbanking_intent_id and lets the customer choose the accounts the consent shares.",
                new ObAccountSelection());
    }
}
