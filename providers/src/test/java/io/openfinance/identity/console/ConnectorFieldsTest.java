package io.openfinance.identity.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.provider.ProviderConfigProperty;

import io.openfinance.identity.bank.OAuthDataApiConnectorFactory;
import io.openfinance.identity.ukob.UkObAisConnectorFactory;

class ConnectorFieldsTest {

    private static final ConnectorFields FIELDS = new ConnectorFields(List.of(new UkObAisConnectorFactory(),
            new OAuthDataApiConnectorFactory()));

    @Test
    void eachConnectorsSettingIsAnOptionalFieldNamedAndLabelledAfterIt() {
        assertEquals(List.of("oauth-data-api", "uk-ob-ais"), FIELDS.ids());
        ProviderConfigProperty financialId = FIELDS.fields().stream()
                .filter(field -> field.getName().equals("uk-ob-ais--fapiFinancialId")).findFirst().orElseThrow();
        assertEquals("uk-ob-ais: Financial id", financialId.getLabel());
        assertFalse(financialId.isRequired(), "required only when its connector is chosen, which the form cannot know");
        assertTrue(financialId.getHelpText().endsWith("Used when Connector is uk-ob-ais, and required then."), financialId.getHelpText());
        ProviderConfigProperty responseType = FIELDS.fields().stream()
                .filter(field -> field.getName().equals("uk-ob-ais--responseType")).findFirst().orElseThrow();
        assertEquals(List.of("code", "code id_token"), responseType.getOptions());
    }

    @Test
    void theChosenConnectorsFieldsAreWrittenUnderTheirSettingsNames() {
        Map<String, String> config = new HashMap<>(Map.of("parUrl", "https://bank.example/par", "clientId", "us"));

        FIELDS.apply(config, "uk-ob-ais", form(Map.of("uk-ob-ais--fapiFinancialId", " 0015800001041RSBOX ",
                "uk-ob-ais--responseType", "code id_token", "uk-ob-ais--parUrl", "")));

        assertEquals(Map.of("fapiFinancialId", "0015800001041RSBOX", "responseType", "code id_token", "clientId", "us"), config,
                "an empty field removes its setting; Keycloak's own settings stay");
    }

    @Test
    void anotherConnectorsSettingsAreNotKept() {
        Map<String, String> config = new HashMap<>(Map.of("fapiFinancialId", "0015800001041RSBOX", "responseType", "token",
                "issuer", "https://bank.example"));

        FIELDS.apply(config, "oauth-data-api", form(Map.of("uk-ob-ais--fapiFinancialId", "0015800001041RSBOX")));

        assertEquals(Map.of("issuer", "https://bank.example"), config, "the identity provider's own Issuer is not the connector's");
    }

    private static MultivaluedHashMap<String, String> form(Map<String, String> fields) {
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        fields.forEach(form::putSingle);
        return form;
    }
}
