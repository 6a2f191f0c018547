package io.openfinance.identity.sandbox;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * After the sandbox bank's password form: refuses the sign-in of a {@link Scenario#REFUSED_LOGIN} customer
 * as a bank that says "no" does, sending the browser back to the client with {@code error=access_denied}.
 */
public class RefusedLoginAuthenticator implements Authenticator {

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

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
