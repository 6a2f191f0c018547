package io.openfinance.identity.authrequests;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.openfinance.identity.connection.BankConnectionAuthenticatorFactory;
import io.openfinance.identity.connection.ConnectionRequest;
import io.openfinance.identity.connection.ConsentPolicy;
import io.openfinance.identity.connection.InvalidConnectionRequest;
import io.openfinance.identity.par.IssuedRequestUri;
import io.openfinance.identity.profile.Profiles;
import io.openfinance.identity.rest.ApiError;
import io.openfinance.identity.rest.BearerCaller;
import io.openfinance.identity.rest.Envelope;
import io.openfinance.identity.rest.Page;
import io.openfinance.identity.rest.PageSizes;
import io.openfinance.identity.rest.UnknownPath;
import io.openfinance.identity.scope.ScopeParameter;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.ConnectionProvider;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.Authenticator;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.protocol.oidc.utils.PkceUtils;
import org.keycloak.protocol.oidc.utils.RedirectUtils;

/**
 * {@code {realm}/auth-requests}: for partners that run no OpenID client. Our server makes the authorization request
 * (pushed, so that its URL is short and cannot be altered; its {@code state}, {@code nonce} and PKCE verifier stay
 * here), and on completion redeems the code itself ({@link CodeRedemption}).
 */
@Produces(MediaType.APPLICATION_JSON)
public class AuthRequestsResource {

    static final String READ = "auth_requests:read";
    static final String WRITE = "auth_requests:write";
    private static final String REAUTH = ConnectionRequest.Mode.REAUTH.scope();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final PageSizes pageSizes;
    private final Duration pendingLifespan;

    AuthRequestsResource(KeycloakSession session, PageSizes pageSizes, Duration pendingLifespan) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.pageSizes = pageSizes;
        this.pendingLifespan = pendingLifespan;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response create(String body) {
        ClientModel partner = BearerCaller.authenticate(session).requirePartnerScope(WRITE).client();
        NewAuthRequest asked = parse(() -> NewAuthRequest.parse(body));
        String redirectUri = RedirectUtils.verifyRedirectUri(session, asked.redirectUri(), partner);
        if (redirectUri == null || !redirectUri.equals(asked.redirectUri())) {
            throw ApiError.badRequest("redirectUri must be one of the partner's registered redirect URIs");
        }
        String scope = asked.connectionId() == null || ScopeParameter.parse(asked.scope()).contains(REAUTH)
                ? asked.scope() : asked.scope() + " " + REAUTH;
        if (!ScopeParameter.parse(scope).contains(OAuth2Constants.SCOPE_OPENID)) {
            throw ApiError.badRequest("scope must include openid");
        }
        ConnectionRequest connection = parse(() -> ConnectionRequest.parse(scope, asked.claims(), Instant.now(), consentPolicy()));
        String bankId = connection.bankId();
        if (asked.userId() != null) {
            new Profiles(session, realm, partner).find(asked.userId()).orElseThrow(() -> ApiError.notFound("User"));
        }
        if (asked.connectionId() != null) {
            BankConnection existing = session.getProvider(ConnectionProvider.class).find(realm, asked.userId(), asked.connectionId())
                    .orElseThrow(() -> ApiError.notFound("Connection"));
            bankId = existing.bankId();
        }

        Instant now = Instant.now();
        AuthRequestEntity request = new AuthRequestEntity();
        request.setId(UUID.randomUUID().toString());
        request.setRealmId(realm.getId());
        request.setClientId(partner.getId());
        request.setRedirectUri(redirectUri);
        request.setBankId(bankId);
        request.setScope(scope);
        request.setUserId(asked.userId());
        request.setConnectionId(asked.connectionId());
        request.setState(SecretGenerator.getInstance().randomString(32));
        request.setNonce(SecretGenerator.getInstance().randomString(32));
        request.setCodeVerifier(PkceUtils.generateCodeVerifier());
        request.setStatus(AuthRequests.PENDING);
        request.setCreatedAt(now.toEpochMilli());
        request.setExpiresAt(now.plus(pendingLifespan).toEpochMilli());
        request.setAuthUrl(authUrl(partner, request, asked.claims()));
        requests(partner).add(request);
        return Response.status(Response.Status.CREATED).entity(Envelope.item(session, representation(request, now))).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public ObjectNode complete(@PathParam("id") String id, String body) {
        ClientModel partner = BearerCaller.authenticate(session).requirePartnerScope(WRITE).client();
        AuthRequests requests = requests(partner);
        AuthRequestEntity request = requests.find(id).orElseThrow(() -> ApiError.notFound("Auth request"));
        Completion completion = parse(() -> Completion.parse(body));
        Instant now = Instant.now();
        if (!AuthRequests.PENDING.equals(request.getStatus()) || request.getExpiresAt() <= now.toEpochMilli()) {
            throw ApiError.conflict("This auth request is no longer pending");
        }
        boolean ended;
        if (completion.error() != null) {
            ended = requests.end(request, AuthRequests.ERROR, null, null, completion.error(), now.toEpochMilli());
        } else {
            if (!MessageDigest.isEqual(request.getState().getBytes(StandardCharsets.UTF_8),
                    completion.state().getBytes(StandardCharsets.UTF_8))) {
                throw ApiError.badRequest("state is not the one of this auth request");
            }
            CodeRedemption.Redeemed made = parse(() -> CodeRedemption.redeem(session, realm, partner, request, completion.code()));
            ended = requests.end(request, AuthRequests.COMPLETE, made.userId(), made.connectionId(), null, now.toEpochMilli());
        }
        if (!ended) {
            session.getTransactionManager().setRollbackOnly();
            throw ApiError.conflict("This auth request is no longer pending");
        }
        return Envelope.item(session, representation(request, now));
    }

    @GET
    public ObjectNode list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        ClientModel partner = BearerCaller.authenticate(session).requirePartnerScope(READ).client();
        Page page = parse(() -> Page.of(limit, offset, pageSizes));
        List<AuthRequestEntity> found = requests(partner).page(new Page(page.limit() + 1, page.offset()));
        Instant now = Instant.now();
        return Envelope.page(session, found.stream().limit(page.limit()).map(r -> representation(r, now)).toList(), page,
                found.size() > page.limit(), Map.of());
    }

    @GET
    @Path("{id}")
    public ObjectNode get(@PathParam("id") String id) {
        ClientModel partner = BearerCaller.authenticate(session).requirePartnerScope(READ).client();
        AuthRequestEntity request = requests(partner).find(id).orElseThrow(() -> ApiError.notFound("Auth request"));
        return Envelope.item(session, representation(request, Instant.now()));
    }

    /** The client's {@code AuthRequest}, with the connection the flow made; a pending one past its time shows as {@code error}. */
    private static Map<String, Object> representation(AuthRequestEntity request, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", request.getId());
        json.put("redirectUri", request.getRedirectUri());
        json.put("createdAt", Instant.ofEpochMilli(request.getCreatedAt()).toString());
        json.put("bankId", request.getBankId());
        json.put("userId", request.getUserId());
        json.put("connectionId", request.getConnectionId());
        json.put("scope", request.getScope());
        boolean lapsed = AuthRequests.PENDING.equals(request.getStatus()) && request.getExpiresAt() <= now.toEpochMilli();
        json.put("status", lapsed ? AuthRequests.ERROR : request.getStatus());
        json.put("error", lapsed ? "expired" : request.getError());
        json.put("redirectParams", Map.of("authUrl", request.getAuthUrl(), "state", request.getState()));
        return json;
    }

    /** The pushed request, as the partner's own client would have sent it, with PKCE so that only we can redeem its code. */
    private String authUrl(ClientModel partner, AuthRequestEntity request, String claims) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(OIDCLoginProtocol.RESPONSE_TYPE_PARAM, OAuth2Constants.CODE);
        parameters.put(OIDCLoginProtocol.REDIRECT_URI_PARAM, request.getRedirectUri());
        parameters.put(OIDCLoginProtocol.SCOPE_PARAM, request.getScope());
        parameters.put(OIDCLoginProtocol.STATE_PARAM, request.getState());
        parameters.put(OIDCLoginProtocol.NONCE_PARAM, request.getNonce());
        parameters.put(OIDCLoginProtocol.CLAIMS_PARAM, claims);
        parameters.put(OIDCLoginProtocol.CODE_CHALLENGE_PARAM, CodeRedemption.challengeOf(request));
        parameters.put(OIDCLoginProtocol.CODE_CHALLENGE_METHOD_PARAM, OAuth2Constants.PKCE_METHOD_S256);
        String requestUri = IssuedRequestUri.issueMadeByServer(session, partner, parameters);
        return OIDCLoginProtocolService.authUrl(session.getContext().getUri().getBaseUriBuilder()).build(realm.getName())
                + "?" + OIDCLoginProtocol.CLIENT_ID_PARAM + "=" + URLEncoder.encode(partner.getClientId(), StandardCharsets.UTF_8)
                + "&" + OIDCLoginProtocol.REQUEST_URI_PARAM + "=" + URLEncoder.encode(requestUri, StandardCharsets.UTF_8);
    }

    /** The flow's own policy, so that a request accepted here is judged the same when the user arrives. */
    private ConsentPolicy consentPolicy() {
        return ((BankConnectionAuthenticatorFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(Authenticator.class, BankConnectionAuthenticatorFactory.ID)).consentPolicy();
    }

    private AuthRequests requests(ClientModel partner) {
        return new AuthRequests(session, realm, partner);
    }

    /** Runs a parse: what it refuses is the partner's mistake, a {@code 400} naming it. */
    private static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (InvalidConnectionRequest e) {
            throw ApiError.badRequest(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    // A known path asked with a method it does not take answers JSON too, not the server's default page.

    @PUT
    @Path("{path: [^/]*}")
    public Response put() {
        throw ApiError.methodNotAllowed("PUT");
    }

    @DELETE
    @Path("{path: [^/]*}")
    public Response delete() {
        throw ApiError.methodNotAllowed("DELETE");
    }

    @POST
    @Path("{id}")
    public Response postToOne() {
        throw ApiError.methodNotAllowed("POST");
    }

    @PATCH
    public Response patchAll() {
        throw ApiError.methodNotAllowed("PATCH");
    }

    @Path("{id}/{unknown: .+}")
    public UnknownPath unknown() {
        return UnknownPath.NOT_FOUND;
    }
}
