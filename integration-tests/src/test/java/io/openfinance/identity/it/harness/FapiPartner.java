package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.JWTBearerGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCClaimsRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

/**
 * The realm's {@code fapi-partner}, driven as the partners' official Node client drives it (openid-client 4 underneath):
 * {@code private_key_jwt} with {@code aud} = [issuer, token endpoint (, endpoint called)], ES256 request objects pushed
 * through PAR, PKCE, and {@code jwt-bearer} assertions signed with the same key. The key is the sample one under
 * {@code src/test/resources/fapi-partner/}.
 */
public final class FapiPartner {

    public static final String CLIENT_ID = "fapi-partner";
    public static final String REDIRECT_URI = "http://localhost:3001/callback";

    private final OIDCProviderMetadata metadata;
    private final String issuer;
    private final ECKey key;

    public FapiPartner(KeycloakServer server) {
        this.issuer = server.realmUrl(ServerSettings.IDENTITY_REALM);
        try {
            this.metadata = OIDCProviderMetadata.resolve(new Issuer(issuer));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        this.key = sampleKey();
    }

    public String issuer() {
        return issuer;
    }

    public URI tokenEndpoint() {
        return metadata.getTokenEndpointURI();
    }

    public URI parEndpoint() {
        return metadata.getPushedAuthorizationRequestEndpointURI();
    }

    public ECKey key() {
        return key;
    }

    /** A client assertion as openid-client makes it, for a call to {@code endpoint}. */
    public ClientAuthentication clientAuth(URI endpoint) {
        return clientAuth(List.of(issuer, tokenEndpoint().toString(), endpoint.toString()).stream().distinct().toList());
    }

    /** A client assertion naming exactly these audiences. */
    public ClientAuthentication clientAuth(List<String> audiences) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(CLIENT_ID).subject(CLIENT_ID).audience(audiences)
                .jwtID(UUID.randomUUID().toString()).issueTime(new Date())
                .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build();
        return new PrivateKeyJWT(sign(claims, key));
    }

    public TokenResponse clientCredentials(String scope, String sub, ClientAuthentication auth) {
        return token(new ClientCredentialsGrant(), scope, sub == null ? Map.of() : Map.of("sub", List.of(sub)), auth);
    }

    public String accessToken(String scope, String sub) {
        TokenResponse response = clientCredentials(scope, sub, clientAuth(tokenEndpoint()));
        if (!response.indicatesSuccess()) {
            throw new AssertionError("token request failed: " + response.toErrorResponse().getErrorObject());
        }
        return response.toSuccessResponse().getTokens().getAccessToken().getValue();
    }

    public TokenResponse jwtBearer(String scope, SignedJWT assertion, ClientAuthentication auth) {
        return token(new JWTBearerGrant(assertion), scope, Map.of(), auth);
    }

    /** The official client's {@code getJWTBearerToken} assertion, changed by {@code tamper}, signed with {@code signer}. */
    public SignedJWT bearerAssertion(String sub, UnaryOperator<JWTClaimsSet.Builder> tamper, ECKey signer) {
        long now = System.currentTimeMillis();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(CLIENT_ID).subject(sub).audience(issuer + "/oidc")
                .jwtID(UUID.randomUUID().toString()).issueTime(new Date(now)).expirationTime(new Date(now + 600_000));
        return sign(tamper.apply(claims).build(), signer);
    }

    /** One pushed authorization request and what the partner keeps for the callback. */
    public record Pushed(URI requestUri, State state, Nonce nonce, CodeVerifier verifier) {
    }

    /** An ES256 request object built like openid-client's {@code requestObject()}, then changed by {@code tamper}. */
    public SignedJWT requestObject(String scope, String claims, UnaryOperator<JWTClaimsSet.Builder> tamper,
                                   State state, Nonce nonce, CodeVerifier verifier) {
        try {
            AuthenticationRequest plain = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(scope),
                    new ClientID(CLIENT_ID), URI.create(REDIRECT_URI))
                    .state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256)
                    .prompt(new Prompt(Prompt.Type.CONSENT))
                    .claims(OIDCClaimsRequest.parse(claims)).build();
            return sign(tamper.apply(new JWTClaimsSet.Builder(plain.toJWTClaimsSet())
                    .issuer(CLIENT_ID).audience(issuer).jwtID(UUID.randomUUID().toString())
                    .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 300_000))).build(), key);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pushes a request object with {@code private_key_jwt} as openid-client does; the PAR endpoint's raw answer. */
    public PushedAuthorizationResponse push(SignedJWT requestObject) {
        AuthorizationRequest request = new AuthorizationRequest.Builder(requestObject, new ClientID(CLIENT_ID)).build();
        try {
            return PushedAuthorizationResponse.parse(
                    new PushedAuthorizationRequest(parEndpoint(), clientAuth(parEndpoint()), request).toHTTPRequest().send());
        } catch (IOException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    public Pushed push(String scope, String claims) {
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        PushedAuthorizationResponse response = push(requestObject(scope, claims, UnaryOperator.identity(), state, nonce, verifier));
        if (!response.indicatesSuccess()) {
            throw new AssertionError("PAR failed: " + response.toErrorResponse().getErrorObject());
        }
        return new Pushed(response.toSuccessResponse().getRequestURI(), state, nonce, verifier);
    }

    /**
     * The authorization URL openid-client's {@code authorizationUrl(pushedRequest)} makes: {@code client_id} and
     * {@code request_uri}, plus its defaults {@code scope=openid}, {@code response_type}, {@code redirect_uri}, and
     * the PAR answer's {@code expires_in}.
     */
    public URI authorizationUrl(Pushed pushed) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", CLIENT_ID);
        query.put("scope", "openid");
        query.put("response_type", "code");
        query.put("redirect_uri", REDIRECT_URI);
        query.put("request_uri", pushed.requestUri().toString());
        query.put("expires_in", "60");
        return URI.create(metadata.getAuthorizationEndpointURI() + "?" + Http.formBody(query));
    }

    /** The callback: state checked, code swapped with PKCE and {@code private_key_jwt}, id token validated. */
    public Partner.Tokens exchange(Pushed pushed, URI callback) {
        Map<String, String> params = OAuthAssertions.queryOf(callback);
        if (!pushed.state().getValue().equals(params.get("state")) || params.containsKey("error")) {
            throw new AssertionError("authorization failed: " + callback);
        }
        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(params.get("code")), URI.create(REDIRECT_URI),
                pushed.verifier());
        TokenResponse response = token(grant, null, Map.of(), clientAuth(tokenEndpoint()));
        if (!response.indicatesSuccess()) {
            throw new AssertionError("code exchange failed: " + response.toErrorResponse().getErrorObject());
        }
        var tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
        try {
            var idToken = new IDTokenValidator(metadata.getIssuer(), new ClientID(CLIENT_ID), JWSAlgorithm.RS256,
                    metadata.getJWKSetURI().toURL()).validate(tokens.getIDToken(), pushed.nonce());
            return new Partner.Tokens(tokens.getAccessToken().getValue(),
                    tokens.getRefreshToken() == null ? null : tokens.getRefreshToken().getValue(), idToken);
        } catch (Exception e) {
            throw new AssertionError("id token invalid", e);
        }
    }

    private TokenResponse token(AuthorizationGrant grant, String scope, Map<String, List<String>> extra, ClientAuthentication auth) {
        TokenRequest.Builder request = new TokenRequest.Builder(tokenEndpoint(), auth, grant);
        if (scope != null) {
            request.scope(Scope.parse(scope));
        }
        extra.forEach((name, values) -> request.customParameter(name, values.toArray(String[]::new)));
        try {
            return OIDCTokenResponseParser.parse(request.build().toHTTPRequest().send());
        } catch (IOException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SignedJWT sign(JWTClaimsSet claims, ECKey signer) {
        try {
            SignedJWT signed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signer.getKeyID()).build(), claims);
            signed.sign(new ECDSASigner(signer));
            return signed;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey sampleKey() {
        try (InputStream in = FapiPartner.class.getResourceAsStream("/fapi-partner/private-jwks.json")) {
            return JWKSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getKeys().get(0).toECKey();
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("the sample key of fapi-partner", e);
        }
    }
}
