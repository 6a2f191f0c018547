package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.BankSetup;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.MutualTlsBank;
import io.openfinance.identity.it.harness.OAuthAssertions;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.TestPki;
import io.openfinance.identity.it.harness.TransportCertificates;

/**
 * Transport certificates towards UK banks, over real TLS: the development suite's server, whose outgoing HTTP client
 * presents our transport certificate (an OBWAC, issued by a test "directory" authority) and whose truststore holds the
 * banks' authority, all made at test time ({@link TransportCertificates}). A bank behind TLS that needs a client
 * certificate takes the connector's calls ({@code tls_client_auth} at its token endpoint, then the consent) when it
 * trusts our certificate's issuer; one that trusts another authority gets no certificate from us and refuses the call.
 */
@ExtendWith(KeycloakExtension.class)
class UkOpenBankingTransportIT {

    private static final String BANK_CLIENT = "identity-service-mtls";
    private static KeycloakServer server;
    private static MutualTlsBank trustingUs;
    private static MutualTlsBank trustingOthers;
    private static TestPki pki;
    private static Partner partner;

    @BeforeAll
    static void start(KeycloakServer shared) {
        server = shared;
        pki = TransportCertificates.get().pki();
        pki.authority("test-other-ca");
        Path bankTls = pki.certificate("bank-tls", "CN=localhost", TransportCertificates.BANKS_AUTHORITY,
                "san=dns:localhost,ip:127.0.0.1", "eku=serverAuth");
        trustingUs = new MutualTlsBank(pki.context(bankTls, TransportCertificates.DIRECTORY_AUTHORITY), BANK_CLIENT);
        trustingOthers = new MutualTlsBank(pki.context(bankTls, "test-other-ca"), BANK_CLIENT);

        partner = Partner.register(server, "Acme Transport Budgeting", Map.of());
        addBank("mtls-bank", trustingUs);
        addBank("mtls-bank-other-ca", trustingOthers);
    }

    @AfterAll
    static void stop() {
        trustingUs.close();
        trustingOthers.close();
    }

    @Test
    void theBankNeedsAClientCertificate() {
        int answered = trustingUs.calls().size();
        HttpClient noCertificate = HttpClient.newBuilder().sslContext(pki.context(null, TransportCertificates.BANKS_AUTHORITY)).build();
        assertThrows(IOException.class, () -> noCertificate.send(HttpRequest.newBuilder(URI.create(trustingUs.url() + "/token"))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + BANK_CLIENT)).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertEquals(answered, trustingUs.calls().size(), "nothing got through TLS without a certificate");
    }

    @Test
    void theConnectorPresentsOurTransportCertificateAndAuthenticatesByIt() {
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        Partner.Authorization authorization = partner.authorize("openid id:mtls-bank", Connect.ongoingClaims(partner.newProfile()), "signed");

        HttpBrowser.Stop toTheBank = browser.submitUntil(browser.open(authorization.url()), Map.of("decision", "agree"), trustingUs.url());

        assertTrue(toTheBank.partnerCallback().toString().startsWith(trustingUs.url() + "/authorize?"),
                "the customer is sent to the bank: " + toTheBank);
        List<MutualTlsBank.Call> calls = trustingUs.calls();
        assertEquals(List.of("/token", "/aisp/account-access-consents"), calls.stream().map(MutualTlsBank.Call::path).toList());
        calls.forEach(call -> assertEquals(TransportCertificates.OBWAC_SUBJECT, call.clientCertificate(), call.path()));
        Map<String, String> form = calls.get(0).form();
        assertEquals(BANK_CLIENT, form.get("client_id"));
        assertFalse(form.containsKey("client_assertion"), "tls_client_auth: the certificate is the credential");
    }

    @Test
    void aBankThatTrustsAnotherAuthorityGetsNoCertificateFromUsAndRefusesTheCall() throws IOException {
        HttpBrowser browser = new HttpBrowser(Partner.REDIRECT_URI);
        Partner.Authorization authorization = partner.authorize("openid id:mtls-bank-other-ca", Connect.ongoingClaims(partner.newProfile()), "signed");

        HttpBrowser.Stop back = browser.submit(browser.open(authorization.url()), Map.of("decision", "agree"));

        OAuthAssertions.assertPartnerError(back, "temporarily_unavailable", authorization);
        assertTrue(trustingOthers.calls().isEmpty(), "no call got through TLS");
        assertTrue(Files.readString(server.logFile()).contains("Bank mtls-bank-other-ca: bank token endpoint unreachable"),
                "the operator's log line");
    }

    private static void addBank(String bankId, MutualTlsBank bank) {
        BankSetup.addBank(server, bankId, bankId, Map.ofEntries(
                Map.entry("connector", "uk-ob-ais"),
                Map.entry("authorizationUrl", bank.url() + "/authorize"),
                Map.entry("tokenUrl", bank.url() + "/token"),
                Map.entry("issuer", bank.url()),
                Map.entry("dataApiUrl", bank.url() + "/aisp"),
                Map.entry("fapiFinancialId", "0015800001041MTLS"),
                Map.entry("clientId", BANK_CLIENT),
                Map.entry("clientAuthMethod", "tls_client_auth"),
                Map.entry("defaultScope", "openid accounts"),
                Map.entry("bankType", "test")));
    }
}
