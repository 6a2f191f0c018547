package io.openfinance.identity.users;

import java.time.Instant;
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
import io.openfinance.identity.ledger.Syncs;
import io.openfinance.identity.profile.Profile;
import io.openfinance.identity.rest.ApiError;
import io.openfinance.identity.rest.UnknownPath;
import io.openfinance.identity.rest.BearerCaller;
import io.openfinance.identity.rest.Envelope;
import io.openfinance.identity.rest.Page;
import io.openfinance.identity.rest.PageSizes;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.ConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** {@code {realm}/users/{userId}/connections}: one profile's bank connections, as its partner sees them. */
@Produces(MediaType.APPLICATION_JSON)
public class ProfileConnectionsResource {

    static final String READ = "connection:read";
    static final String UPDATE = "connection:update";
    static final String DELETE = "connection:delete";

    private final KeycloakSession session;
    private final String userId;

    ProfileConnectionsResource(KeycloakSession session, String userId) {
        this.session = session;
        this.userId = userId;
    }

    @GET
    public ObjectNode list() {
        Profile profile = profile(UsersResource.READ, READ);
        Instant now = Instant.now();
        return Envelope.item(session, connections().ofProfile(session.getContext().getRealm(), profile.id()).stream()
                .map(c -> ProfileRepresentations.connection(session, c, now)).toList());
    }

    @GET
    @Path("{connectionId}")
    public ObjectNode get(@PathParam("connectionId") String connectionId) {
        Profile profile = profile(UsersResource.READ, READ);
        return Envelope.item(session, ProfileRepresentations.connection(session, connection(profile, connectionId), Instant.now()));
    }

    /** The client's {@code getConnectionSyncs}: the connection's syncs, newest first. */
    @GET
    @Path("{connectionId}/syncs")
    public ObjectNode syncs(@PathParam("connectionId") String connectionId, @QueryParam("limit") String limit,
                            @QueryParam("offset") String offset) {
        Profile profile = profile(UsersResource.READ, READ);
        BankConnection connection = connection(profile, connectionId);
        Page page = Page.of(limit, offset, PageSizes.DEFAULT);
        List<Map<String, Object>> found = Syncs.of(session).ofConnection(connection, page.offset(), page.limit() + 1);
        return Envelope.page(session, found.subList(0, Math.min(found.size(), page.limit())), page, found.size() > page.limit(), Map.of());
    }

    /**
     * Only {@code expiresAt}, and only earlier: a partner may shorten what the user agreed to, never lengthen it.
     * Answers {@code 204}, as partners' clients expect (the official one reads the status alone).
     */
    @PATCH
    @Path("{connectionId}")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response update(@PathParam("connectionId") String connectionId, String body) {
        Profile profile = profile(UsersResource.UPDATE, UPDATE);
        BankConnection connection = connection(profile, connectionId);
        Instant expiresAt = ConnectionUpdateRequest.parse(body, Instant.now()).expiresAt();
        try {
            connections().shortenConsent(session.getContext().getRealm(), connection, expiresAt).orElseThrow(() -> ApiError.notFound("Connection"));
            return Response.noContent().build();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    @DELETE
    @Path("{connectionId}")
    public Response delete(@PathParam("connectionId") String connectionId) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(UsersResource.DELETE, DELETE);
        Profile profile = UsersResource.ownedProfile(session, caller, userId);
        BankConnection connection = connection(profile, connectionId);
        connections().delete(session.getContext().getRealm(), profile.id(), connection.id());
        ConnectionEvents.deleted(session, caller.client(), connection);
        return Response.noContent().build();
    }

    private Profile profile(String... anyOfScopes) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(anyOfScopes);
        return UsersResource.ownedProfile(session, caller, userId);
    }

    private BankConnection connection(Profile profile, String connectionId) {
        return connections().find(session.getContext().getRealm(), profile.id(), connectionId).orElseThrow(() -> ApiError.notFound("Connection"));
    }

    private ConnectionProvider connections() {
        return session.getProvider(ConnectionProvider.class);
    }

    // A known path asked with a method it does not take answers JSON too, not the server's default page.

    @POST
    @Path("{path: [^/]*}")
    public Response post() {
        throw ApiError.methodNotAllowed("POST");
    }

    @PUT
    @Path("{path: [^/]*}")
    public Response put() {
        throw ApiError.methodNotAllowed("PUT");
    }

    @PATCH
    public Response patchAll() {
        throw ApiError.methodNotAllowed("PATCH");
    }

    @DELETE
    public Response deleteAll() {
        throw ApiError.methodNotAllowed("DELETE");
    }

    @Path("{connectionId}/{unknown: .+}")
    public UnknownPath unknown() {
        return UnknownPath.NOT_FOUND;
    }
}
