package io.openfinance.identity.users;

import java.net.URI;
import java.time.Instant;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import io.openfinance.identity.rest.BearerCaller;
import io.openfinance.identity.store.BankConnections;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;

/** {@code {realm}/users}: a partner's profiles and their bank connections. */
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    static final String CREATE = "user:create";
    static final String READ = "user:read";
    static final String DELETE = "user:delete";
    private static final int MAX_LIMIT = 200;

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
            return Response.created(URI.create(profile.id())).entity(ProfileRepresentations.profile(profile)).build();
        } catch (ModelDuplicateException e) {
            throw ApiError.conflict("This partner already has a profile with that clientUserId");
        }
    }

    @GET
    public Object list(@QueryParam("limit") @DefaultValue("50") int limit, @QueryParam("offset") @DefaultValue("0") int offset) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(READ);
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw ApiError.badRequest("limit must be 1 to " + MAX_LIMIT + " and offset 0 or more");
        }
        return ProfileRepresentations.page(profiles(caller).list(offset, limit).map(ProfileRepresentations::profile).toList(),
                limit, offset);
    }

    @GET
    @Path("{userId}")
    public Object get(@PathParam("userId") String userId) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(READ);
        return ProfileRepresentations.profile(ownedProfile(caller, userId));
    }

    @DELETE
    @Path("{userId}")
    public Response delete(@PathParam("userId") String userId) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(DELETE);
        Profiles profiles = profiles(caller);
        Profile profile = ownedProfile(caller, userId);
        connections().ofProfile(profile.id()).forEach(c -> ConnectionEvents.deleted(session, caller.client(), c));
        profiles.delete(profile);
        return Response.noContent().build();
    }

    @GET
    @Path("{userId}/connections")
    public Object connections(@PathParam("userId") String userId) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(READ);
        Profile profile = ownedProfile(caller, userId);
        Instant now = Instant.now();
        return connections().ofProfile(profile.id()).stream().map(c -> ProfileRepresentations.connection(c, now)).toList();
    }

    @DELETE
    @Path("{userId}/connections/{connectionId}")
    public Response deleteConnection(@PathParam("userId") String userId, @PathParam("connectionId") String connectionId) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(DELETE);
        Profile profile = ownedProfile(caller, userId);
        BankConnections connections = connections();
        var connection = connections.find(profile.id(), connectionId).orElseThrow(() -> ApiError.notFound("Connection"));
        connections.delete(profile.id(), connection.id());
        ConnectionEvents.deleted(session, caller.client(), connection);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{userId}/connection/{connectionId}")
    public Response deleteConnectionSingularPath(@PathParam("userId") String userId,
                                                 @PathParam("connectionId") String connectionId) {
        return deleteConnection(userId, connectionId);
    }

    private Profile ownedProfile(BearerCaller caller, String userId) {
        return profiles(caller).find(userId).orElseThrow(() -> ApiError.notFound("User"));
    }

    private Profiles profiles(BearerCaller caller) {
        return new Profiles(session, realm, caller.client());
    }

    private BankConnections connections() {
        return new BankConnections(session, realm);
    }
}
