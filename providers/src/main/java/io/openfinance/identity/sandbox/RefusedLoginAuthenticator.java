package io.openfinance.identity.sandbox;

import io.openfinance.identity.flow.FlowStep;
import org.keycloak.authentication.AuthenticationFlowContext;

/**
 * After the sandbox bank's password form: refuses the sign-in of a {@link Scenario#REFUSED_LOGIN} customer
 * as a bank that says "no" does, sending the browser back to the client with {@code error=access_denied}.
 */
public class RefusedLoginAuthenticator extends FlowStep {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        boolean refused = Scenario.of(context.getRealm(), context.getUser()).filter(s -> s == Scenario.REFUSED_LOGIN).isPresent();
        if (refused) {
            context.cancelLogin();
        } else {
            context.success();
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return true;
    }
}
