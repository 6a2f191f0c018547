package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.JWTBearerGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

/**
 * A partner as it integrates: a confidential client registered by an admin, talking to the service
 * through the Nimbus OAuth 2 / OpenID Connect SDK and nothing project-specific.
 */
public final class Partner {

    public static final String REDIRECT_URI = "http://localhost:3000/callback";
    /** Nimbus waits 500 ms for the server's keys by default: too little for a busy machine running several servers. */
    private static final ResourceRetriever JWKS_RETRIEVER = new DefaultResourceRetriever(10_000, 10_000);

    private final KeycloakServer server;
    private final String clientId;
    private final String secret;
    private final RSAKey signingKey;
    private final String redirectUri;
    private final OIDCProviderMetadata metadata;

    private Partner(KeycloakServer server, String clientId, String secret, RSAKey signingKey, String redirectUri) {
        this.server = server;
        this.clientId = clientId;
        this.secret = secret;
        this.signingKey = signingKey;
        this.redirectUri = redirectUri;
        try {
            this.metadata = OIDCProviderMetadata.resolve(new Issuer(server.realmUrl(ServerSettings.IDENTITY_REALM)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client of the realm file (e.g. {@code demo-partner}) on its secret; it signs no request objects or assertions. */
    public static Partner sample(KeycloakServer server, String clientId) {
        JsonNode client = SamplePartners.client(clientId);
        return new Partner(server, clientId, client.get("secret").asText(), null, SamplePartners.redirectUri(client));
    }

    /** Registers a partner client through the admin REST API the way docs/admins.md tells admins to. */
    public static Partner register(KeycloakServer server, String name, Map<String, String> extraAttributes) {
        return register(server, name, extraAttributes, REDIRECT_URI);
    }

    public static Partner register(KeycloakServer server, String name, Map<String, String> extraAttributes, String redirectUri) {
        String clientId = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = UUID.randomUUID().toString();
        RSAKey key;
        try {
            key = new RSAKeyGenerator(2048).keyID(clientId).keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        ObjectNode client = Http.JSON.createObjectNode()
                .put("clientId", clientId).put("name", name).put("enabled", true)
                .put("publicClient", false).put("secret", secret)
                .put("standardFlowEnabled", true).put("serviceAccountsEnabled", true)
                .put("directAccessGrantsEnabled", false);
        client.putArray("redirectUris").add(redirectUri);
        ObjectNode attributes = client.putObject("attributes")
                .put("pkce.code.challenge.method", "S256")
                .put("use.jwks.string", "true")
                .put("jwks.string", new JWKSet(key.toPublicJWK()).toString());
        extraAttributes.forEach(attributes::put);
        client.putArray("defaultClientScopes").add("basic").add("open-finance");
        ArrayNode optional = client.putArray("optionalClientScopes");
        List.of("offline_access", "id", "accounts:read", "accounts_details:read", "transactions:read:all",
                "transactions:read:in", "transactions:read:out", "accounts:write:all", "user:create", "user:read", "user:update", "user:delete",
                "connection:read", "connection:update", "connection:delete", "events:read", "auth_requests:read", "auth_requests:write",
                "reauth", "reconsent", "refresh")
                .forEach(optional::add);
        Http.Answer created = new Admin(server).post("/realms/" + ServerSettings.IDENTITY_REALM + "/clients", client.toString());
        if (created.status() != 201) {
            throw new AssertionError("client registration failed: " + created.status() + " " + created.body());
        }
        return new Partner(server, clientId, secret, key, redirectUri);
    }

    public String clientId() {
        return clientId;
    }

    public String secret() {
        return secret;
    }

    /** Takes a client scope away from this partner, as an admin does in the client's "Client scopes" tab. */
    public void forbidOptionalScope(String scopeName) {
        Admin admin = new Admin(server);
        Http.Answer answer = admin.delete(clientPath(admin) + "/optional-client-scopes/" + scopeId(admin, scopeName));
        if (answer.status() != 204) {
            throw new AssertionError("could not change scope: " + answer.status() + " " + answer.body());
        }
    }

    /** Turns one of this partner's optional client scopes into a default one, as an admin can in "Client scopes". */
    public void makeScopeDefault(String scopeName) {
        forbidOptionalScope(scopeName);
        Admin admin = new Admin(server);
        Http.Answer answer = admin.put(clientPath(admin) + "/default-client-scopes/" + scopeId(admin, scopeName), "{}");
        if (answer.status() != 204) {
            throw new AssertionError("could not make scope default: " + answer.status() + " " + answer.body());
        }
    }

    private String clientPath(Admin admin) {
        return "/realms/" + ServerSettings.IDENTITY_REALM + "/clients/" + internalId(admin);
    }

    private static String scopeId(Admin admin, String scopeName) {
        for (var scope : admin.get("/realms/" + ServerSettings.IDENTITY_REALM + "/client-scopes")) {
            if (scope.get("name").asText().equals(scopeName)) {
                return scope.get("id").asText();
            }
        }
        throw new AssertionError("no client scope " + scopeName);
    }

    /** Lets this partner use only these banks, as docs/admins.md tells admins: the client attribute {@code of.banks}. */
    public void restrictBanks(String... bankIds) {
        setAttribute("of.banks", String.join(" ", bankIds));
    }

    /** Sets one client attribute through the admin API: {@code GET} the client, change it, {@code PUT} it back. */
    public void setAttribute(String name, String value) {
        Admin admin = new Admin(server);
        String path = clientPath(admin);
        ObjectNode client = (ObjectNode) admin.get(path);
        ((ObjectNode) client.get("attributes")).put(name, value);
        Http.Answer answer = admin.put(path, client.toString());
        if (answer.status() != 204) {
            throw new AssertionError("could not set " + name + ": " + answer.status() + " " + answer.body());
        }
    }

    private String internalId(Admin admin) {
        return admin.get("/realms/" + ServerSettings.IDENTITY_REALM + "/clients?clientId=" + Http.enc(clientId)).get(0).get("id").asText();
    }

    public String realmUrl() {
        return server.realmUrl(ServerSettings.IDENTITY_REALM);
    }

    /** {@code client_credentials}, optionally with {@code sub}; the raw token endpoint answer. */
    public TokenResponse clientCredentials(String scope, String sub) {
        TokenRequest.Builder request = new TokenRequest.Builder(metadata.getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(clientId), new Secret(secret)), new ClientCredentialsGrant())
                .scope(Scope.parse(scope));
        if (sub != null) {
            request.customParameter("sub", sub);
        }
        return send(request.build());
    }

    public String accessToken(String scope, String sub) {
        TokenResponse response = clientCredentials(scope, sub);
        if (!response.indicatesSuccess()) {
            throw new AssertionError("token request failed: " + response.toErrorResponse().getErrorObject());
        }
        return response.toSuccessResponse().getTokens().getAccessToken().getValue();
    }

    /** {@code jwt-bearer}: this partner signs {@code assertion} with its registered key, and authenticates with its secret. */
    public TokenResponse jwtBearer(String scope, JWTClaimsSet assertion) {
        return send(new TokenRequest.Builder(metadata.getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
                new JWTBearerGrant(signed(assertion))).scope(Scope.parse(scope)).build());
    }

    /** {@code claims} signed with this partner's registered key, as its jwt-bearer assertions are. */
    public SignedJWT signed(JWTClaimsSet claims) {
        try {
            return sign(claims, signingKey);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code refresh_token}: the raw token endpoint answer. */
    public TokenResponse refresh(String refreshToken) {
        return send(new TokenRequest.Builder(metadata.getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
                new RefreshTokenGrant(new RefreshToken(refreshToken))).build());
    }

    /** One authorization request, with what the partner must remember for the callback. */
    public record Authorization(URI url, State state, Nonce nonce, CodeVerifier verifier) {
    }

    /**
     * @param claims  the claims parameter as JSON, or null
     * @param request "signed", "unsigned" (alg none) or "query" for plain query parameters
     */
    public Authorization authorize(String scope, String claims, String request) {
        return authorize(scope, claims, request, UnaryOperator.identity(), null);
    }

    /** A signed or unsigned request object changed by {@code tamper}, or signed with another key: for attack tests. */
    public Authorization authorize(String scope, String claims, String request,
                                   UnaryOperator<JWTClaimsSet.Builder> tamper, RSAKey keyOverride) {
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        try {
            AuthenticationRequest.Builder builder = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(scope),
                    new ClientID(clientId), URI.create(redirectUri))
                    .endpointURI(metadata.getAuthorizationEndpointURI())
                    .state(state).nonce(nonce)
                    .codeChallenge(verifier, CodeChallengeMethod.S256);
            if (claims != null) {
                builder.claims(com.nimbusds.openid.connect.sdk.OIDCClaimsRequest.parse(claims));
            }
            AuthenticationRequest plain = builder.build();
            if ("query".equals(request)) {
                return new Authorization(plain.toURI(), state, nonce, verifier);
            }
            JWTClaimsSet.Builder claimsSet = new JWTClaimsSet.Builder(plain.toJWTClaimsSet())
                    .issuer(clientId).audience(realmUrl())
                    .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 300_000))
                    .jwtID(UUID.randomUUID().toString());
            JWT requestObject = "signed".equals(request)
                    ? sign(tamper.apply(claimsSet).build(), keyOverride == null ? signingKey : keyOverride)
                    : new PlainJWT(tamper.apply(claimsSet).build());
            URI url = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(scope), new ClientID(clientId), URI.create(redirectUri))
                    .endpointURI(metadata.getAuthorizationEndpointURI())
                    .requestObject(requestObject)
                    .build().toURI();
            return new Authorization(url, state, nonce, verifier);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SignedJWT sign(JWTClaimsSet claims, RSAKey key) throws JOSEException {
        SignedJWT signed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        signed.sign(new RSASSASigner(key));
        return signed;
    }

    /** A new profile of this partner ({@code POST /users}); its userId. */
    public String newProfile() {
        Http.Answer created = Http.postJson(realmUrl() + "/users", accessToken("user:create", null), "{}");
        if (created.status() != 201) {
            throw new AssertionError("profile creation failed: " + created.status() + " " + created.body());
        }
        return created.json().get("userId").asText();
    }

    /** The partner's callback: checks state, swaps the code, validates the id token. */
    public Tokens exchange(Authorization authorization, URI callback) {
        Map<String, String> params = OAuthAssertions.queryOf(callback);
        if (!authorization.state().getValue().equals(params.get("state"))) {
            throw new AssertionError("state mismatch in " + callback);
        }
        if (params.containsKey("error")) {
            throw new AssertionError("authorization failed: " + callback);
        }
        TokenRequest request = new TokenRequest.Builder(metadata.getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
                new AuthorizationCodeGrant(new AuthorizationCode(params.get("code")), URI.create(redirectUri), authorization.verifier()))
                .build();
        TokenResponse response = send(request);
        if (!response.indicatesSuccess()) {
            throw new AssertionError("code exchange failed: " + response.toErrorResponse().getErrorObject());
        }
        var tokens = response.toSuccessResponse().toSuccessResponse();
        try {
            var oidcTokens = ((com.nimbusds.openid.connect.sdk.OIDCTokenResponse) tokens).getOIDCTokens();
            IDTokenClaimsSet idToken = new IDTokenValidator(metadata.getIssuer(), new ClientID(clientId), JWSAlgorithm.RS256,
                    metadata.getJWKSetURI().toURL(), JWKS_RETRIEVER).validate(oidcTokens.getIDToken(), authorization.nonce());
            return new Tokens(oidcTokens.getAccessToken().getValue(),
                    oidcTokens.getRefreshToken() == null ? null : oidcTokens.getRefreshToken().getValue(), idToken);
        } catch (Exception e) {
            throw new AssertionError("id token invalid", e);
        }
    }

    public record Tokens(String accessToken, String refreshToken, IDTokenClaimsSet idToken) {
        public Map<String, Object> accessTokenClaims() {
            return claimsOf(accessToken);
        }
    }

    /** The claims of a JWT access token, read without checking it (the server did). */
    public static Map<String, Object> claimsOf(String jwt) {
        try {
            return com.nimbusds.jwt.JWTParser.parse(jwt).getJWTClaimsSet().getClaims();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static TokenResponse send(TokenRequest request) {
        try {
            return OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        } catch (IOException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
