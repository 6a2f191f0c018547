package io.openfinance.identity.users;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
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
import io.openfinance.identity.profile.ProfileCursor;
import io.openfinance.identity.profile.ProfileSummary;
import io.openfinance.identity.profile.Profiles;
import io.openfinance.identity.rest.ApiError;
import io.openfinance.identity.rest.UnknownPath;
import io.openfinance.identity.rest.BearerCaller;
import io.openfinance.identity.rest.Envelope;
import io.openfinance.identity.rest.Page;
import io.openfinance.identity.rest.PageSizes;
import io.openfinance.identity.store.BankConnection;
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

    private final KeycloakSession session;
    private final RealmModel realm;
    private final PageSizes pageSizes;

    UsersResource(KeycloakSession session, PageSizes pageSizes) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.pageSizes = pageSizes;
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
                    .entity(Envelope.bare(ProfileRepresentations.user(session, profile.summary(), caller.client(), List.of(), Instant.now()))).build();
        } catch (ModelDuplicateException e) {
            session.getTransactionManager().setRollbackOnly();
            throw ApiError.conflict("This partner already has a profile with that clientUserId");
        }
    }

    /**
     * Pages by {@code offset}, as partners' clients send it, or by the {@code cursor} each {@code next} link carries:
     * following {@code next} costs one index seek per page however deep, where an offset must be counted off first.
     */
    @GET
    public ObjectNode list(@QueryParam("limit") String limit, @QueryParam("offset") String offset,
                           @QueryParam("cursor") String cursor) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(READ);
        Page page = Page.of(limit, offset, pageSizes);
        Map<String, Object> meta = new LinkedHashMap<>(Map.of("limit", page.limit()));
        Map<String, String> links = new LinkedHashMap<>();
        boolean byCursor = isPresent(cursor);
        if (byCursor && isPresent(offset)) {
            throw ApiError.badRequest("Send offset or cursor, not both");
        }
        List<ProfileSummary> found;
        if (byCursor) {
            found = profiles(caller).after(cursor(cursor), page.limit() + 1);
            meta.put("cursor", cursor);
        } else {
            found = profiles(caller).fromOffset(page.offset(), page.limit() + 1);
            meta.put("offset", page.offset());
        }
        List<ProfileSummary> shown = found.subList(0, Math.min(found.size(), page.limit()));
        if (found.size() > page.limit()) {
            links.put("next", Envelope.link(session, "cursor", ProfileCursor.after(shown.get(shown.size() - 1)).encode(), "offset"));
        }
        if (!byCursor && page.offset() > 0) {
            links.put("prev", Envelope.link(session, "offset", Math.max(0, page.offset() - page.limit())));
        }
        Map<String, List<BankConnection>> connections = connections().ofProfiles(realm, shown.stream().map(ProfileSummary::id).toList());
        Instant now = Instant.now();
        return Envelope.page(session, shown.stream()
                .map(p -> ProfileRepresentations.user(session, p, caller.client(), connections.getOrDefault(p.id(), List.of()), now))
                .toList(), links, meta);
    }

    @GET
    @Path("{userId}")
    public ObjectNode get(@PathParam("userId") String userId) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(READ);
        Profile profile = ownedProfile(caller, userId);
        return Envelope.bare(ProfileRepresentations.user(session, profile.summary(), caller.client(),
                connections().ofProfile(realm, profile.id()), Instant.now()));
    }

    @DELETE
    @Path("{userId}")
    public Response delete(@PathParam("userId") String userId) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(DELETE);
        Profile profile = ownedProfile(caller, userId);
        connections().ofProfile(realm, profile.id()).forEach(c -> ConnectionEvents.deleted(session, caller.client(), c));
        profiles(caller).delete(profile);
        return Response.noContent().build();
    }

    /** The client's {@code getSync}: one sync of one of the profile's connections. */
    @GET
    @Path("{userId}/syncs/{syncId}")
    public ObjectNode sync(@PathParam("userId") String userId, @PathParam("syncId") String syncId) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(READ, ProfileConnectionsResource.READ);
        Profile profile = ownedProfile(caller, userId);
        Syncs syncs = Syncs.of(session);
        BankConnection connection = syncs.connectionOf(syncId).flatMap(id -> connections().find(realm, profile.id(), id))
                .orElseThrow(() -> ApiError.notFound("Sync"));
        return Envelope.item(session, syncs.shown(syncId, connection));
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

    /** An empty query parameter counts as absent, as {@link Page} reads {@code limit} and {@code offset}. */
    private static boolean isPresent(String parameter) {
        return parameter != null && !parameter.isEmpty();
    }

    private static ProfileCursor cursor(String encoded) {
        try {
            return ProfileCursor.decode(encoded);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
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
