package io.openfinance.identity.users;

import java.net.URI;
import java.util.List;
import java.util.Map;

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

import io.openfinance.identity.audit.ConnectionEvents;
import io.openfinance.identity.profile.Profile;
import io.openfinance.identity.profile.Profiles;
import io.openfinance.identity.rest.ApiError;
import io.openfinance.identity.rest.UnknownPath;
import io.openfinance.identity.rest.BearerCaller;
import io.openfinance.identity.rest.Envelope;
import io.openfinance.identity.rest.Page;
import io.openfinance.identity.store.ConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;

/** {@code {realm}/users}: a partner's profiles; their connections are {@link ProfileConnectionsResource}. */
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    static final String CREATE = "user:create";
    static final String READ = "user:read";
    static final String UPDATE = "user:update";
    static final String DELETE = "user:delete";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;

    UsersResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response create(String body) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(CREATE);
        CreateProfileRequest request;
        try {
            request = CreateProfileRequest.parse(body);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        try {
            Profile profile = profiles(caller).create(request.clientUserId());
            return Response.created(URI.create(profile.id()))
                    .entity(Envelope.bare(ProfileRepresentations.user(profile, caller.client(), List.of()))).build();
        } catch (ModelDuplicateException e) {
            session.getTransactionManager().setRollbackOnly();
            throw ApiError.conflict("This partner already has a profile with that clientUserId");
        }
    }

    @GET
    public ObjectNode list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(READ);
        Page page = Page.of(limit, offset, DEFAULT_LIMIT, MAX_LIMIT);
        List<Profile> found = profiles(caller).list(page.offset(), page.limit() + 1).toList();
        List<Profile> shown = found.subList(0, Math.min(found.size(), page.limit()));
        Map<String, List<String>> connectionIds = connections().idsOfProfiles(realm, shown.stream().map(Profile::id).toList());
        return Envelope.page(session, shown.stream()
                        .map(p -> ProfileRepresentations.user(p, caller.client(), connectionIds.getOrDefault(p.id(), List.of())))
                        .toList(),
                page, found.size() > page.limit(), Map.of());
    }

    @GET
    @Path("{userId}")
    public ObjectNode get(@PathParam("userId") String userId) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(READ);
        Profile profile = ownedProfile(caller, userId);
        List<String> connectionIds = connections().idsOfProfiles(realm, List.of(profile.id())).getOrDefault(profile.id(), List.of());
        return Envelope.bare(ProfileRepresentations.user(profile, caller.client(), connectionIds));
    }

    @DELETE
    @Path("{userId}")
    public Response delete(@PathParam("userId") String userId) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(DELETE);
        Profile profile = ownedProfile(caller, userId);
        connections().ofProfile(realm, profile.id()).forEach(c -> {
            BankRevocation.revoke(session, c);
            ConnectionEvents.deleted(session, caller.client(), c);
        });
        profiles(caller).delete(profile);
        return Response.noContent().build();
    }

    @Path("{userId}/connections")
    public ProfileConnectionsResource connections(@PathParam("userId") String userId) {
        return new ProfileConnectionsResource(session, userId);
    }

    /** The singular path the official Node client deletes through. */
    @Path("{userId}/connection")
    public ProfileConnectionsResource connectionSingularPath(@PathParam("userId") String userId) {
        return new ProfileConnectionsResource(session, userId);
    }

    static Profile ownedProfile(KeycloakSession session, BearerCaller caller, String userId) {
        return new Profiles(session, session.getContext().getRealm(), caller.client()).find(userId)
                .orElseThrow(() -> ApiError.notFound("User"));
    }

    private Profile ownedProfile(BearerCaller caller, String userId) {
        return ownedProfile(session, caller, userId);
    }

    private Profiles profiles(BearerCaller caller) {
        return new Profiles(session, realm, caller.client());
    }

    private ConnectionProvider connections() {
        return session.getProvider(ConnectionProvider.class);
    }

    // A known path asked with a method it does not take answers JSON too, not the server's default page.

    @PUT
    @Path("{path: [^/]*}")
    public Response put() {
        throw ApiError.methodNotAllowed("PUT");
    }

    @PATCH
    @Path("{path: [^/]*}")
    public Response patch() {
        throw ApiError.methodNotAllowed("PATCH");
    }

    @DELETE
    public Response deleteAll() {
        throw ApiError.methodNotAllowed("DELETE");
    }

    @POST
    @Path("{userId}")
    public Response postToUser() {
        throw ApiError.methodNotAllowed("POST");
    }

    @Path("{userId}/{unknown: .+}")
    public UnknownPath unknown() {
        return UnknownPath.NOT_FOUND;
    }
}
