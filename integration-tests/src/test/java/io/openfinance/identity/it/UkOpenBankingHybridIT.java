package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.OAuthAssertions;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.PartnerCallbackServer;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * The hybrid flow's answer ({@code ob-sandbox-hybrid}: code, state and a front-channel id token in the fragment) is
 * believed only when the id token is the bank's signature over this trip: an HTTP browser stops each trip where the
 * bank sends it back to our callback, changes the answer as someone on the way could, and delivers it as our page's
 * script would. Each change fails the flow, the partner gets {@code access_denied}, no connection is made, and the
 * log names the check that failed. The untampered answer connects (the end to end run in Chromium is
 * {@link UkOpenBankingIT}), whether the bank's keys come from its JWKS URL (the shipped realm's setting) or, as an
 * admin may paste them, as its public key in PEM or its JWKS; another key pasted there refuses the bank's answer.
 */
@ExtendWith(KeycloakExtension.class)
class UkOpenBankingHybridIT {

    private static final String BANK = "/realms/" + ServerSettings.IDENTITY_REALM + "/identity-provider/instances/ob-sandbox-hybrid";

    private static PartnerCallbackServer partnerApp;
    private static Partner partner;
    private static KeycloakServer server;
    private static String base;
    private static String callback;
    private static Admin admin;
    /** The bank as the realm had it before a test pasted its keys, put back after that test. */
    private static ObjectNode bankBefore;

    @BeforeAll
    static void start(KeycloakServer started) {
        server = started;
        admin = new Admin(server);
        partnerApp = new PartnerCallbackServer();
        partner = Partner.register(server, "Hybrid Budgeting", Map.of(), partnerApp.redirectUri());
        base = partner.realmUrl();
        callback = base + "/bank-callback";
    }

    @AfterAll
    static void stop() {
        partnerApp.close();
    }

    @AfterEach
    void restoreTheBanksKeys() {
        if (bankBefore != null) {
            assertEquals(204, admin.put(BANK, bankBefore.toString()).status());
            assertEquals(bankBefore.get("config"), admin.get(BANK).get("config"), "the bank is as the realm had it");
            bankBefore = null;
        }
    }

    /** One trip of a browser, paused with the bank's answer not yet delivered. */
    private record Trip(HttpBrowser browser, Partner.Authorization authorization, String userId, Map<String, String> answer) {

        HttpBrowser.Stop deliver(Map<String, String> answer) {
            HttpBrowser.Stop page = browser.open(URI.create(callback));
            assertNotNull(page.page().getElementById("bank-answer"), "our page forwards the fragment: " + page.page());
            return browser.submit(page, answer);
        }

        HttpBrowser.Stop deliver() {
            return deliver(answer);
        }
    }

    @Test
    void theUntamperedAnswerConnects() {
        Trip trip = toTheBankAndBack("alice");
        assertTrue(trip.answer().keySet().containsAll(List.of("code", "id_token", "state")), trip.answer().toString());

        connects(trip);
    }

    @Test
    void theBanksPublicKeyPastedAsPemConnects() {
        Trip trip = toTheBankAndBack("alice");

        pasteTheBanksKeys(pem(theBanksSigningKey(trip)));

        connects(trip);
    }

    @Test
    void theBanksJwksPastedConnects() {
        Trip trip = toTheBankAndBack("alice");
        String jwks = theBanksJwks();
        assertTrue(jwks.contains(theBanksSigningKey(trip).getKeyID()), jwks);

        pasteTheBanksKeys(jwks);

        connects(trip);
    }

    @Test
    void anotherPublicKeyPastedAsPemIsRefused() throws IOException {
        Trip trip = toTheBankAndBack("alice");

        pasteTheBanksKeys(pem(anotherKeyUnderTheSameId(trip)));

        refused(trip, trip.answer(), "signature does not verify");
    }

    @Test
    void anotherKeyPastedAsJwksIsRefused() throws IOException {
        Trip trip = toTheBankAndBack("alice");

        pasteTheBanksKeys(new JWKSet(anotherKeyUnderTheSameId(trip)).toString());

        refused(trip, trip.answer(), "signature does not verify");
    }

    @Test
    void aTamperedCodeHashIsRefused() throws IOException {
        Trip other = toTheBankAndBack("alice");
        Trip trip = toTheBankAndBack("alice");

        refused(trip, with(trip.answer(), "code", other.answer().get("code")), "c_hash is not the code's");
    }

    @Test
    void aTamperedStateHashIsRefused() throws IOException {
        Trip other = toTheBankAndBack("alice");
        Trip trip = toTheBankAndBack("alice");

        refused(trip, with(with(trip.answer(), "code", other.answer().get("code")), "id_token", other.answer().get("id_token")),
                "s_hash is not the state's");
    }

    @Test
    void aWrongNonceIsRefused() throws IOException {
        Trip trip = toTheBankAndBack("wrongnonce");

        refused(trip, trip.answer(), "front-channel id_token does not carry our nonce");
    }

    @Test
    void aBrokenSignatureIsRefused() throws IOException {
        Trip trip = toTheBankAndBack("alice");
        String[] jws = trip.answer().get("id_token").split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(jws[2]);
        signature[signature.length / 2] ^= 0x01;
        String broken = jws[0] + "." + jws[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);

        refused(trip, with(trip.answer(), "id_token", broken), "signature does not verify");
    }

    @Test
    void theCodeWithoutItsIdTokenIsRefused() throws IOException {
        Trip trip = toTheBankAndBack("alice");
        Map<String, String> answer = new HashMap<>(trip.answer());
        answer.remove("id_token");

        refused(trip, answer, "without a front-channel id_token");
    }

    /** The partner asks for a connection, the customer agrees, signs in at the bank and shares one account. */
    private static Trip toTheBankAndBack(String customer) {
        String userId = Http.postJson(base + "/users", partner.accessToken("user:create", null), "{}").json().get("userId").asText();
        Partner.Authorization authorization = partner.authorize("openid id:ob-sandbox-hybrid", Connect.ongoingClaims(userId), "signed");
        HttpBrowser browser = new HttpBrowser(partnerApp.redirectUri());
        HttpBrowser.Stop consent = browser.open(authorization.url());
        HttpBrowser.Stop signIn = browser.submit(consent, Map.of("decision", "agree"));
        HttpBrowser.Stop selection = browser.submit(signIn, Map.of("username", customer, "password", customer + "-sandbox"));
        assertNotNull(selection.page().getElementById("ob-accounts"), "expected the bank's account selection: " + selection.url());
        String account = selection.page().selectFirst("#ob-accounts input").attr("value");
        HttpBrowser.Stop atCallback = browser.submitUntil(selection, Map.of("account", account, "decision", "share"), callback);
        URI answer = atCallback.partnerCallback();
        assertTrue(answer != null && answer.getRawQuery() == null && answer.getRawFragment() != null,
                "the bank answers in the fragment: " + answer);
        Map<String, String> fragment = URLUtils.parseParameters(answer.getRawFragment()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
        return new Trip(browser, authorization, userId, fragment);
    }

    private static void connects(Trip trip) {
        HttpBrowser.Stop back = trip.deliver();

        Partner.Tokens tokens = partner.exchange(trip.authorization(), back.partnerCallback());
        assertNotNull(tokens.idToken().getClaim("mh:con_id"));
        assertEquals(1, connections(trip.userId()).size());
    }

    /** As an admin does in Keycloak's form: "Use JWKS URL" off, the keys in "Validating public key". */
    private static void pasteTheBanksKeys(String publicKey) {
        ObjectNode bank = (ObjectNode) admin.get(BANK);
        bankBefore = bank.deepCopy();
        ((ObjectNode) bank.get("config")).put("useJwksUrl", "false").put("publicKeySignatureVerifier", publicKey);
        Http.Answer saved = admin.put(BANK, bank.toString());
        assertEquals(204, saved.status(), saved.body());
    }

    /** What the sandbox bank publishes at its JWKS URL, read after the trip: it makes its PS256 key when it first signs. */
    private static String theBanksJwks() {
        Http.Answer jwks = Http.get(server.realmUrl(ServerSettings.SANDBOX_REALM) + "/protocol/openid-connect/certs", null);
        assertEquals(200, jwks.status(), jwks.body());
        return jwks.body();
    }

    /** The public key the bank published under the id of the key that signed this trip's id token. */
    private static RSAKey theBanksSigningKey(Trip trip) {
        try {
            String keyId = SignedJWT.parse(trip.answer().get("id_token")).getHeader().getKeyID();
            RSAKey key = (RSAKey) JWKSet.parse(theBanksJwks()).getKeyByKeyId(keyId);
            assertNotNull(key, "the bank publishes the key " + keyId);
            return key;
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    /** A valid key of the bank's kind and id, that is not the bank's. */
    private static RSAKey anotherKeyUnderTheSameId(Trip trip) {
        try {
            return new RSAKeyGenerator(2048).keyID(theBanksSigningKey(trip).getKeyID()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.PS256).generate().toPublicJWK();
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    private static String pem(RSAKey key) {
        try {
            byte[] lineBreak = "\n".getBytes(StandardCharsets.US_ASCII);
            String base64 = Base64.getMimeEncoder(64, lineBreak).encodeToString(key.toPublicKey().getEncoded());
            return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    private static void refused(Trip trip, Map<String, String> answer, String failedCheck) throws IOException {
        int logLinesBefore = logLines().size();
        HttpBrowser.Stop back = trip.deliver(answer);

        OAuthAssertions.assertPartnerError(back, "access_denied", trip.authorization());
        assertTrue(connections(trip.userId()).isEmpty(), "no connection was made");
        if (server.logFile() != null) {
            List<String> log = logLines();
            assertTrue(log.subList(logLinesBefore, log.size()).stream().anyMatch(line -> line.contains(failedCheck)),
                    "the log names the failed check: " + failedCheck);
            assertFalse(String.join("\n", log).contains(trip.answer().get("id_token")), "the id token is never logged");
        }
    }

    private static List<String> logLines() throws IOException {
        return server.logFile() == null ? List.of() : Files.readAllLines(server.logFile());
    }

    private static Map<String, String> with(Map<String, String> answer, String name, String value) {
        Map<String, String> changed = new HashMap<>(answer);
        changed.put(name, value);
        return changed;
    }

    private static JsonNode connections(String userId) {
        Http.Answer answer = Http.get(base + "/users/" + userId + "/connections", partner.accessToken("user:read", null));
        assertEquals(200, answer.status(), answer.body());
        return answer.json().get("data");
    }
}
