package io.openfinance.identity.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.openfinance.identity.bank.BankConfig.ClientAuth;

class BankConfigTest {

    private static final Map<String, String> MINIMAL = Map.of("authorizationUrl", "https://bank/auth", "tokenUrl", "https://bank/token",
            "clientId", "us", "clientSecret", "${vault.bank}", "dataApiUrl", "https://bank/api");

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of(Map.of(), ClientAuth.CLIENT_SECRET_BASIC, false, "S256", "api", "oauth-data-api"),
                Arguments.of(Map.of("clientAuthMethod", "client_secret_post"), ClientAuth.CLIENT_SECRET_POST, false, "S256", "api", "oauth-data-api"),
                Arguments.of(Map.of("clientAuthMethod", "private_key_jwt", "clientSecret", ""), ClientAuth.PRIVATE_KEY_JWT, false, "S256", "api", "oauth-data-api"),
                Arguments.of(Map.of("clientAuthMethod", "tls_client_auth", "clientSecret", ""), ClientAuth.TLS_CLIENT_AUTH, false, "S256", "api", "oauth-data-api"),
                Arguments.of(Map.of("pkceEnabled", "true"), ClientAuth.CLIENT_SECRET_BASIC, true, "S256", "api", "oauth-data-api"),
                Arguments.of(Map.of("pkceEnabled", "true", "pkceMethod", "plain"), ClientAuth.CLIENT_SECRET_BASIC, true, "plain", "api", "oauth-data-api"),
                Arguments.of(Map.of("bankType", "test", "connector", "uk-ob-ais"), ClientAuth.CLIENT_SECRET_BASIC, false, "S256", "test", "uk-ob-ais"));
    }

    @ParameterizedTest
    @MethodSource("settings")
    void readsTheConsolesSettings(Map<String, String> overrides, ClientAuth auth, boolean pkce, String pkceMethod, String type,
                                  String connector) {
        BankConfig bank = BankConfig.parse("acme", null, with(overrides), secret -> secret.equals("${vault.bank}") ? "s3cret" : secret);

        assertEquals(auth, bank.clientAuth());
        assertEquals(pkce, bank.pkce());
        assertEquals(pkceMethod, bank.pkceMethod());
        assertEquals(type, bank.type());
        assertEquals(connector, bank.connector());
        assertEquals("acme", bank.displayName(), "the alias when no display name is set");
        assertTrue(bank.clientSecret() == null || bank.clientSecret().equals("s3cret") || bank.clientSecret().isEmpty());
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(Map.of("clientAuthMethod", "client_secret_jwt"), "Unsupported clientAuthMethod"),
                Arguments.of(Map.of("pkceEnabled", "true", "pkceMethod", "S512"), "Unsupported pkceMethod"),
                Arguments.of(Map.of("clientSecret", ""), "clientSecret is required"),
                Arguments.of(Map.of("tokenUrl", ""), "tokenUrl is required"),
                Arguments.of(Map.of("dataApiUrl", " "), "dataApiUrl is required"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void namesTheSettingItCannotUse(Map<String, String> overrides, String message) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> BankConfig.parse("acme", "Acme", with(overrides), secret -> secret));
        assertTrue(refused.getMessage().startsWith(message), refused.getMessage());
    }

    @ParameterizedTest
    @MethodSource("urls")
    void aUrlSettingIsHttpOrHttpsWithAHost(String value, boolean usable) throws BankException {
        BankConfig bank = BankConfig.parse("acme", "Acme", with(Map.of("parUrl", value)), secret -> secret);
        if (usable) {
            assertEquals(value.isBlank() ? null : URI.create(value), bank.url("parUrl"));
        } else {
            BankException refused = assertThrows(BankException.class, () -> bank.url("parUrl"));
            assertEquals("bank acme: parUrl must be an http or https URL, not " + value, refused.getMessage());
        }
    }

    static Stream<Arguments> urls() {
        return Stream.of(Arguments.of("https://bank.example/par", true), Arguments.of("http://localhost:8080/par", true),
                Arguments.of("", true), Arguments.of("ftp://bank.example/par", false), Arguments.of("https:///par", false),
                Arguments.of("bank.example/par", false), Arguments.of("https://bank example/par", false));
    }

    private static Map<String, String> with(Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(MINIMAL);
        config.putAll(overrides);
        return config;
    }
}
