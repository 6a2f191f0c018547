package io.openfinance.identity.broker;

import jakarta.ws.rs.core.Response;

import io.openfinance.identity.bank.Banks;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.broker.oidc.OIDCIdentityProviderFactory;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Keycloak's "OpenID Connect v1.0" identity providers, unchanged, except that a bank ({@link Banks#isBank}) never
 * signs anyone in. A bank is an identity provider only for its settings: we run the OAuth exchange with it ourselves,
 * after the consent page. Through Keycloak's broker ({@code /broker/{bank}/login}) a bank would finish a partner's
 * flow by first-broker-login, with a user and a code but no consent, unless the admin ticked "Account linking only".
 * This holds whatever the admin ticks: the broker login is refused before the bank is asked, and the bank's answer
 * is refused should one ever come back. Takes the place of Keycloak's factory: same id, higher order.
 */
public class BankIsNoLogin extends OIDCIdentityProviderFactory {

    @Override
    public OIDCIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new OIDCIdentityProvider(session, new OIDCIdentityProviderConfig(model)) {
            @Override
            public Response performLogin(AuthenticationRequest request) {
                refuseBank(getConfig());
                return super.performLogin(request);
            }

            @Override
            public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm, BrokeredIdentityContext context) {
                refuseBank(getConfig());
                super.preprocessFederatedIdentity(session, realm, context);
            }
        };
    }

    private static void refuseBank(IdentityProviderModel provider) {
        if (Banks.isBank(provider)) {
            throw new IdentityBrokerException("Identity provider " + provider.getAlias() + " is a bank, not a login");
        }
    }

    @Override
    public int order() {
        return 100;
    }
}
