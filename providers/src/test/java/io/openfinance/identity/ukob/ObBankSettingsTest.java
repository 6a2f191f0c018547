package io.openfinance.identity.ukob;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankException;

/** A UK bank's settings refused as the connector would refuse them at the bank (before any key of a realm is needed). */
class ObBankSettingsTest {

    private static final Map<String, String> USABLE = Map.of("authorizationUrl", "https://bank.example/auth",
            "tokenUrl", "https://bank.example/token", "issuer", "https://bank.example", "clientId", "us",
            "clientAuthMethod", "private_key_jwt", "dataApiUrl", "https://bank.example/aisp", "connector", "uk-ob-ais",
            "fapiFinancialId", "0015800001041RSBOX");

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(Map.of("fapiFinancialId", " "), "lacks the setting fapiFinancialId"),
                Arguments.of(Map.of("issuer", ""), "lacks the setting issuer"),
                Arguments.of(Map.of("responseType", "token"), "responseType is neither code nor code id_token"),
                Arguments.of(Map.of("responseType", "code id_token"), "turn useJwksUrl on with its jwksUrl, or set publicKeySignatureVerifier"),
                Arguments.of(Map.of("responseType", "code id_token", "useJwksUrl", "true"), "jwksUrl must be an https URL (http only for localhost)"),
                Arguments.of(Map.of("responseType", "code id_token", "useJwksUrl", "true", "jwksUrl", "http://bank.example/jwks"),
                        "jwksUrl must be an https URL (http only for localhost)"),
                Arguments.of(Map.of("responseType", "code id_token", "useJwksUrl", "true", "jwksUrl", "https://user:pw@bank.example/jwks"),
                        "jwksUrl must be an https URL (http only for localhost)"),
                Arguments.of(Map.of("parUrl", "ftp://bank.example/par"), "parUrl must be an http or https URL"),
                Arguments.of(Map.of("parUrl", "https:///par"), "parUrl must be an http or https URL"),
                Arguments.of(Map.of("clientAuthMethod", "client_secret_basic", "clientSecret", "s"),
                        "uk-ob-ais authenticates by private_key_jwt or tls_client_auth only"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void namesTheSettingTheConnectorWouldRefuse(Map<String, String> overrides, String message) {
        Map<String, String> config = new HashMap<>(USABLE);
        config.putAll(overrides);
        BankConfig bank = BankConfig.parse("uk", null, config, secret -> secret);

        BankException refused = assertThrows(BankException.class, () -> new UkObAisConnectorFactory().checkSettings(null, bank));
        assertTrue(refused.getMessage().contains(message), refused.getMessage());
    }
}
