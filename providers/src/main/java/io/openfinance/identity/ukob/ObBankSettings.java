package io.openfinance.identity.ukob;

import java.util.List;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankException;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * What a UK bank's identity provider config holds for {@value UkObAisConnectorFactory#ID} beyond every bank's settings:
 * declared for the console, and checked on save by the code that reads them when the connector talks to the bank.
 * The bank's Issuer and, for the hybrid flow, its keys ({@link ObBankKeys}) are Keycloak's own fields of the identity
 * provider, so they are checked but not declared.
 */
final class ObBankSettings {

    static final List<ProviderConfigProperty> DECLARED = List.copyOf(ProviderConfigurationBuilder.create()
            .property().name(ObApi.FINANCIAL_ID_SETTING).label("Financial id").type(ProviderConfigProperty.STRING_TYPE)
            .required(true).helpText("The bank's " + ObApi.FINANCIAL_ID + " (its organisation id in the Open Banking "
                    + "directory), sent on every call to its API.").add()
            .property().name(ObAuthorization.RESPONSE_TYPE_SETTING).label("Response type").type(ProviderConfigProperty.LIST_TYPE)
            .options(OAuth2Constants.CODE, ObAuthorization.HYBRID).defaultValue(OAuth2Constants.CODE)
            .helpText("As the bank requires: " + OAuth2Constants.CODE + ", the code flow (response_mode=query), or "
                    + ObAuthorization.HYBRID + ", the hybrid flow (response_mode=fragment), whose id token is checked "
                    + "with the bank's keys (the provider's JWKS URL or validating public key).").add()
            .property().name(ObPushedAuthorization.PAR_URL_SETTING).label("PAR endpoint").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("The bank's pushed authorization request endpoint, if it takes them: the signed request object "
                    + "is posted there, and the customer sent to the bank with the request_uri it answers.").add()
            .property().name(ObSigner.SIGNING_KEY_ID).label("Signing key id").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("The kid of this realm's PS256 key registered at the bank. Empty: the realm's active PS256 key.").add()
            .build());

    private ObBankSettings() {
    }

    /** @throws BankException naming the first setting the connector would refuse when it talks to the bank */
    static void check(KeycloakSession session, BankConfig bank) throws BankException {
        ObClientAuth.check(bank);
        bank.setting(ObAuthorization.ISSUER_SETTING);
        if (ObAuthorization.hybrid(bank)) {
            ObBankKeys.check(bank);
        }
        bank.url(ObPushedAuthorization.PAR_URL_SETTING);
        new ObSigner(session).key(bank);
    }
}
