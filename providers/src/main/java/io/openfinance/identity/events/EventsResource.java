package io.openfinance.identity.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.openfinance.identity.rest.ApiError;
import io.openfinance.identity.rest.BearerCaller;
import io.openfinance.identity.rest.Envelope;
import io.openfinance.identity.rest.Page;
import io.openfinance.identity.rest.PageSizes;
import io.openfinance.identity.rest.ReadOnlyRoot;
import io.openfinance.identity.rest.UnknownPath;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** {@code {realm}/events}: the calling partner's own events and their delivery, and redelivery of one. */
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource extends ReadOnlyRoot {

    static final String READ = "events:read";
    private static final Set<String> STATUSES = Set.of(OutboxEventEntity.PENDING, OutboxEventEntity.DELIVERED, OutboxEventEntity.FAILED);
    /** The redelivery path: the catch-all locator reaches it only when asked with a method other than POST. */
    private static final Pattern REDELIVER_PATH = Pattern.compile("[^/]+/redeliver");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final PageSizes pageSizes;

    EventsResource(KeycloakSession session, PageSizes pageSizes) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.pageSizes = pageSizes;
    }

    @GET
    public ObjectNode list(@QueryParam("status") String status, @QueryParam("limit") String limit,
                           @QueryParam("offset") String offset) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(READ);
        Page page = Page.of(limit, offset, pageSizes);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiError.badRequest("status must be pending, delivered or failed");
        }
        List<OutboxEventEntity> found = outbox().ofPartner(realm, caller.client(), status, new Page(page.limit() + 1, page.offset()));
        List<Map<String, Object>> shown = found.stream().limit(page.limit()).map(EventsResource::representation).toList();
        return Envelope.page(session, shown, page, found.size() > page.limit(), Map.of());
    }

    /** Only the partner's own events: another's is a 404 like one that does not exist. */
    @POST
    @Path("{jti}/redeliver")
    public ObjectNode redeliver(@PathParam("jti") String jti) {
        BearerCaller caller = BearerCaller.authenticate(session).requirePartnerScope(READ);
        return outbox().redeliver(realm, caller.client(), jti)
                .map(event -> Envelope.item(session, representation(event)))
                .orElseThrow(() -> ApiError.notFound("Event"));
    }

    @Path("{unknown: .+}")
    public UnknownPath unknown(@PathParam("unknown") String path) {
        return REDELIVER_PATH.matcher(path).matches() ? UnknownPath.WRONG_METHOD : UnknownPath.NOT_FOUND;
    }

    private EventOutbox outbox() {
        return session.getProvider(EventOutbox.class);
    }

    private static Map<String, Object> representation(OutboxEventEntity event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jti", event.getJti());
        json.put("type", event.getType());
        json.put("userId", event.getProfileId());
        json.put("connectionId", event.getConnectionId());
        json.put("bankId", event.getBankId());
        json.put("createdAt", instant(event.getCreatedAt()));
        json.put("status", event.getStatus());
        json.put("attempts", event.getAttempts());
        json.put("lastAttemptAt", instant(event.getLastAttemptAt()));
        json.put("lastResult", event.getLastResult());
        json.put("nextAttemptAt", OutboxEventEntity.PENDING.equals(event.getStatus()) ? instant(event.getNextAttemptAt()) : null);
        json.put("deliveredAt", instant(event.getDeliveredAt()));
        return json;
    }

    private static String instant(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}
