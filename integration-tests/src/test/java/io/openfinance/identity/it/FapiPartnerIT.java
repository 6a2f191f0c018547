package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.openfinance.identity.it.harness.OAuthAssertions.assertTokenError;

import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.FapiPartner;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.OAuthAssertions;
import io.openfinance.identity.it.harness.Partner;

/**
 * The realm's strict sample partner, {@code fapi-partner}, as the partners' official client drives it: PAR with ES256
 * request objects, PKCE, {@code private_key_jwt} whose {@code aud} is an array, {@code client_credentials} with
 * {@code sub}, and {@code jwt-bearer} assertions signed with the partner's own key.
 */
@ExtendWith(KeycloakExtension.class)
class FapiPartnerIT {

    private static final String DATA_SCOPES = "accounts:read transactions:read:all";
    private static final String ELSEWHERE = "https://other-as.example/realms/identity/protocol/openid-connect/token";

    private static FapiPartner fapi;
    /** A profile of fapi-partner, connected to alice's bank through PAR, and the code exchange's tokens. */
    private static String profile;
    private static Partner.Tokens connected;
    /** A partner on client_secret_basic with its own JWKS, and one of its profiles with a connection. */
    private static Partner other;
    private static String otherProfile;

    @BeforeAll
    static void connectProfiles(KeycloakServer server) {
        fapi = new FapiPartner(server);
        profile = Http.postJson(fapi.issuer() + "/users", fapi.accessToken("user:create", null), "{}").json().get("userId").asText();
        FapiPartner.Pushed pushed = fapi.push("openid id:sandbox", Connect.ongoingClaims(profile));
        HttpBrowser.Stop back = Connect.agreeAndSignIn(fapi.authorizationUrl(pushed), FapiPartner.REDIRECT_URI, "alice");
        assertTrue(back.atPartner(), "expected fapi-partner's callback, got " + back.url());
        connected = fapi.exchange(pushed, back.partnerCallback());

        other = Partner.register(server, "Secret Basic Partner", Map.of(JwtBearerSwitchIT.GRANT_ENABLED, "true"));
        otherProfile = other.newProfile();
        Connect.ongoing(other, otherProfile, "bob");
    }

    @Test
    void flowTwoRunsThroughParWithASignedRequestObjectPkceAndMultiAudienceClientAssertions() {
        assertEquals(profile, connected.idToken().getSubject().getValue());
        String connectionId = (String) connected.idToken().getClaim("mh:con_id");
        assertNotNull(connectionId, "the id token names the new connection");

        String dataToken = fapi.accessToken(DATA_SCOPES, profile);
        assertEquals(List.of(connectionId), Partner.claimsOf(dataToken).get("mh:con_ids"));
        assertReadsAccountsOf(connectionId, dataToken);
    }

    @Test
    void theOfficialClientsAuthorizationUrlAfterParAndTheBareOneReachTheConsentPage() {
        FapiPartner.Pushed withDefaults = fapi.push("openid id:sandbox", Connect.ongoingClaims(profile));
        assertConsentPage(fapi.authorizationUrl(withDefaults));

        FapiPartner.Pushed bare = fapi.push("openid id:sandbox", Connect.ongoingClaims(profile));
        assertConsentPage(URI.create(fapi.issuer() + "/protocol/openid-connect/auth?client_id=" + FapiPartner.CLIENT_ID
                + "&request_uri=" + Http.enc(bare.requestUri().toString())));
    }

    @Test
    void aClientAssertionWithOneAudienceOfOursStillAuthenticates() {
        for (String audience : List.of(fapi.issuer(), fapi.tokenEndpoint().toString())) {
            TokenResponse answer = fapi.clientCredentials("user:read", null, fapi.clientAuth(List.of(audience)));
            assertTrue(answer.indicatesSuccess(), audience + ": " + answer);
        }
    }

    @Test
    void openIdClientAssertionsForRevocationAndIntrospectionAuthenticate() throws Exception {
        BearerAccessToken token = new BearerAccessToken(fapi.accessToken("user:read", null));
        URI introspection = URI.create(fapi.issuer() + "/protocol/openid-connect/token/introspect");
        HTTPResponse introspected = new TokenIntrospectionRequest(introspection, fapi.clientAuth(introspection), token)
                .toHTTPRequest().send();
        assertEquals(200, introspected.getStatusCode(), introspected.getBody());
        URI revocation = URI.create(fapi.issuer() + "/protocol/openid-connect/revoke");
        HTTPResponse revoked = new TokenRevocationRequest(revocation, fapi.clientAuth(revocation), token).toHTTPRequest().send();
        assertEquals(200, revoked.getStatusCode(), revoked.getBody());
    }

    @Test
    void aClientAssertionNamingAnyAudienceNotOursIsRefused() {
        String issuer = fapi.issuer();
        String token = fapi.tokenEndpoint().toString();
        for (List<String> audiences : List.of(List.of(issuer, token, ELSEWHERE), List.of(ELSEWHERE, issuer),
                List.of(ELSEWHERE), List.of(issuer + "/oidc", token))) {
            assertTokenError(fapi.clientCredentials("user:read", null, fapi.clientAuth(audiences)), "invalid_client");
        }
    }

    @Test
    void keycloaksOtherClientAssertionChecksStillHold() throws Exception {
        ClientAuthentication once = fapi.clientAuth(fapi.tokenEndpoint());
        assertTrue(fapi.clientCredentials("user:read", null, once).indicatesSuccess());
        assertTokenError(fapi.clientCredentials("user:read", null, once), "invalid_client");

        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(fapi.key().getKeyID()).generate();
        assertTokenError(fapi.clientCredentials("user:read", null, assertion(claims -> claims, stranger)), "invalid_client");
        assertTokenError(fapi.clientCredentials("user:read", null, assertion(
                claims -> claims.issueTime(ago(600)).expirationTime(ago(300)), fapi.key())), "invalid_client");
        assertTokenError(fapi.clientCredentials("user:read", null, assertion(
                claims -> claims.subject("demo-partner").issuer("demo-partner"), fapi.key())), "invalid_client");
    }

    @Test
    void parIsRequiredAndThePushedRequestObjectIsStillVerified() throws Exception {
        SignedJWT notPushed = requestObject(claims -> claims);
        HttpBrowser.Stop direct = new HttpBrowser(FapiPartner.REDIRECT_URI).open(URI.create(fapi.issuer()
                + "/protocol/openid-connect/auth?client_id=" + FapiPartner.CLIENT_ID + "&response_type=code&scope=openid"
                + "&redirect_uri=" + Http.enc(FapiPartner.REDIRECT_URI) + "&request=" + notPushed.serialize()));
        assertErrorAtPartner(direct, "invalid_request", "Pushed Authorization Request is only allowed.");

        assertErrorAtPartner(pushedThenAuthorized(claims -> claims.issueTime(ago(900)).expirationTime(ago(600))),
                "invalid_request_object", "Request Expired");
        assertErrorAtPartner(pushedThenAuthorized(claims -> claims.audience("https://other-as.example/realms/identity")),
                "invalid_request_uri", "Invalid parameter in the 'request' object: aud");

        PushedAuthorizationResponse withoutPkce = fapi.push(requestObject(
                claims -> claims.claim("code_challenge", null).claim("code_challenge_method", null)));
        assertEquals("Missing parameter: code_challenge_method", withoutPkce.toErrorResponse().getErrorObject().getDescription());
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(fapi.key().getKeyID()).generate();
        PushedAuthorizationResponse strangerSigned = fapi.push(FapiPartner.sign(requestObject(claims -> claims).getJWTClaimsSet(), stranger));
        assertEquals("invalid_request_object", strangerSigned.toErrorResponse().getErrorObject().getCode());
    }

    @Test
    void withoutParARequestObjectMustStillAgreeWithTheQuery(KeycloakServer server) {
        Partner strict = Partner.register(server, "Strict Partner", Map.of(
                "request.object.required", "request or request_uri", "request.object.signature.alg", "RS256"));
        String strictProfile = strict.newProfile();
        assertConsentPage(strict.authorize("openid id:sandbox", Connect.ongoingClaims(strictProfile), "signed").url());

        URI url = strict.authorize("openid id:sandbox", Connect.ongoingClaims(strictProfile), "signed").url();
        URI scopeDiffers = URI.create(url.toString().replaceFirst("([?&]scope=)[^&]*", "$1openid"));
        assertNotEquals(url, scopeDiffers);
        HttpBrowser.Stop stop = new HttpBrowser(Partner.REDIRECT_URI).open(scopeDiffers);
        assertTrue(stop.atPartner(), "expected an error at the partner, got " + stop.url());
        assertEquals("Invalid parameter. Parameters in 'request' object not matching with request parameters",
                OAuthAssertions.queryOf(stop.partnerCallback()).get("error_description"));
    }

    @Test
    void jwtBearerGivesTheDataTokenThatClientCredentialsWithSubGives() {
        Map<String, Object> viaSub = Partner.claimsOf(fapi.accessToken(DATA_SCOPES, profile));
        for (String audience : List.of(fapi.issuer() + "/oidc", fapi.issuer())) {
            TokenResponse answer = fapi.jwtBearer(DATA_SCOPES, fapi.bearerAssertion(profile, claims -> claims.audience(audience), fapi.key()),
                    fapi.clientAuth(fapi.tokenEndpoint()));
            assertTrue(answer.indicatesSuccess(), audience + ": " + answer);
            String dataToken = answer.toSuccessResponse().getTokens().getAccessToken().getValue();
            Map<String, Object> viaBearer = Partner.claimsOf(dataToken);
            for (String claim : List.of("sub", "scope", "azp", "mh:con_ids")) {
                assertEquals(viaSub.get(claim), viaBearer.get(claim), claim);
            }
            assertNull(answer.toSuccessResponse().getTokens().getRefreshToken(), "a data token comes alone");
            assertReadsAccountsOf((String) connected.idToken().getClaim("mh:con_id"), dataToken);
        }
    }

    @Test
    void jwtBearerWorksForAPartnerOnClientSecretBasic() {
        TokenResponse answer = other.jwtBearer(DATA_SCOPES, bearerClaims(other.clientId(), otherProfile).build());
        assertTrue(answer.indicatesSuccess(), answer.toString());
        assertEquals(otherProfile, Partner.claimsOf(answer.toSuccessResponse().getTokens().getAccessToken().getValue()).get("sub"));
    }

    @Test
    void jwtBearerRefusesAForeignProfileAnExpiredReplayedOrForeignAssertionAndAnUnknownKey() throws Exception {
        assertBearerRefused(fapi.bearerAssertion(otherProfile, claims -> claims, fapi.key()), "Unknown sub");
        assertBearerRefused(fapi.bearerAssertion(profile, claims -> claims.issueTime(ago(900)).expirationTime(ago(300)), fapi.key()),
                "Token is not active");
        assertBearerRefused(fapi.bearerAssertion(profile, claims -> claims.issuer(other.clientId()), fapi.key()),
                "The assertion was issued by another client");
        assertBearerRefused(fapi.bearerAssertion(profile, claims -> claims.audience(ELSEWHERE), fapi.key()), "Invalid token audience");
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(fapi.key().getKeyID()).generate();
        assertBearerRefused(fapi.bearerAssertion(profile, claims -> claims, stranger), "The assertion is not signed with a key of the client");
        ECKey unregistered = new ECKeyGenerator(Curve.P_256).keyID("not-registered").generate();
        assertBearerRefused(fapi.bearerAssertion(profile, claims -> claims, unregistered), "The assertion is not signed with a key of the client");

        SignedJWT once = fapi.bearerAssertion(profile, claims -> claims, fapi.key());
        assertTrue(fapi.jwtBearer(DATA_SCOPES, once, fapi.clientAuth(fapi.tokenEndpoint())).indicatesSuccess());
        assertBearerRefused(once, "Token reuse detected");
    }

    @Test
    void anAssertionWhoseIssuerIsNoClientGoesToKeycloaksOwnGrant() {
        TokenResponse answer = fapi.jwtBearer(DATA_SCOPES,
                fapi.bearerAssertion(profile, claims -> claims.issuer("https://idp.example"), fapi.key()), fapi.clientAuth(fapi.tokenEndpoint()));
        assertTokenError(answer, "invalid_grant");
        assertEquals("No Identity Provider for provided issuer", answer.toErrorResponse().getErrorObject().getDescription());
    }

    private static JWTClaimsSet.Builder bearerClaims(String clientId, String sub) {
        return new JWTClaimsSet.Builder().issuer(clientId).subject(sub).audience(fapi.issuer() + "/oidc")
                .jwtID(UUID.randomUUID().toString()).issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 600_000));
    }

    private static void assertBearerRefused(SignedJWT assertion, String reason) {
        TokenResponse answer = fapi.jwtBearer(DATA_SCOPES, assertion, fapi.clientAuth(fapi.tokenEndpoint()));
        assertTokenError(answer, "invalid_grant");
        assertEquals(reason, answer.toErrorResponse().getErrorObject().getDescription());
    }

    private static ClientAuthentication assertion(UnaryOperator<JWTClaimsSet.Builder> tamper, ECKey signer) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(FapiPartner.CLIENT_ID).subject(FapiPartner.CLIENT_ID)
                .audience(List.of(fapi.issuer(), fapi.tokenEndpoint().toString())).jwtID(UUID.randomUUID().toString())
                .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 60_000));
        return new PrivateKeyJWT(FapiPartner.sign(tamper.apply(claims).build(), signer));
    }

    private static SignedJWT requestObject(UnaryOperator<JWTClaimsSet.Builder> tamper) {
        return fapi.requestObject("openid id:sandbox", Connect.ongoingClaims(profile), tamper, new State(), new Nonce(), new CodeVerifier());
    }

    /** Pushed (Keycloak checks signature, algorithm and PKCE there), then opened as the official client opens it. */
    private static HttpBrowser.Stop pushedThenAuthorized(UnaryOperator<JWTClaimsSet.Builder> tamper) {
        PushedAuthorizationResponse pushed = fapi.push(requestObject(tamper));
        assertTrue(pushed.indicatesSuccess(), "pushed: " + pushed);
        URI url = fapi.authorizationUrl(new FapiPartner.Pushed(pushed.toSuccessResponse().getRequestURI(), null, null, null));
        return new HttpBrowser(FapiPartner.REDIRECT_URI).open(url);
    }

    private static void assertErrorAtPartner(HttpBrowser.Stop stop, String error, String description) {
        assertTrue(stop.atPartner(), "expected an error at the partner, got " + stop.url());
        Map<String, String> answer = OAuthAssertions.queryOf(stop.partnerCallback());
        assertEquals(error, answer.get("error"), stop.partnerCallback().toString());
        assertEquals(description, answer.get("error_description"));
        assertFalse(answer.containsKey("code"));
    }

    private static Date ago(int seconds) {
        return new Date(System.currentTimeMillis() - seconds * 1000L);
    }

    private static void assertReadsAccountsOf(String connectionId, String dataToken) {
        Http.Answer accounts = Http.get(fapi.issuer() + "/data/accounts", dataToken);
        assertEquals(200, accounts.status(), accounts.body());
        assertFalse(accounts.json().get("data").isEmpty());
        accounts.json().get("data").forEach(a -> assertEquals(connectionId, a.get("connectionId").asText()));
    }

    private static void assertConsentPage(URI url) {
        HttpBrowser.Stop stop = new HttpBrowser(FapiPartner.REDIRECT_URI).open(url);
        assertFalse(stop.atPartner(), "expected the consent page, got " + stop.partnerCallback());
        assertNotNull(stop.page().getElementById("consent-agree"), stop.page().text());
    }
}
