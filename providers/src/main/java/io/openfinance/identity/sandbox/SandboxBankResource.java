package io.openfinance.identity.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.openfinance.identity.rest.ApiError;
import org.keycloak.common.util.Time;
import org.keycloak.exceptions.TokenNotActiveException;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * {@code {sandbox realm}/bank-api}: the sandbox bank's data API, answering only in realms marked with
 * the attribute {@value Scenario#SANDBOX_REALM_ATTRIBUTE}. The bank's own Keycloak realm issued the bearer token.
 */
@Produces(MediaType.APPLICATION_JSON)
public class SandboxBankResource {

    /**
     * Like most resource servers, the bank tolerates a few seconds of clock skew past a token's expiry: a token
     * that expires at once (scenario {@link Scenario#EXPIRING_TOKEN}) still serves the call made right after it was issued.
     */
    private static final int CLOCK_SKEW_SECONDS = 5;

    private static final String ICON_TYPE = "image/svg+xml";
    private static final String ICON = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\">"
            + "<rect width=\"64\" height=\"64\" rx=\"12\" fill=\"#1f6f5c\"/>"
            + "<path d=\"M12 26 32 14l20 12v4H12zM16 34h6v14h-6zM29 34h6v14h-6zM42 34h6v14h-6zM12 50h40v4H12z\" fill=\"#fff\"/></svg>";

    private final KeycloakSession session;

    SandboxBankResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("accounts")
    public Map<String, Object> accounts() {
        return Map.of("accounts", reading("accounts").ledger().accounts());
    }

    @GET
    @Path("accounts/{accountId}/transactions")
    public Map<String, Object> transactions(@PathParam("accountId") String accountId) {
        Reading reading = reading("accounts/" + accountId + "/transactions");
        return Map.of("transactions", reading.access().served(reading.ledger().transactions(accountId)
                .orElseThrow(() -> ApiError.notFound("Account"))));
    }

    /** The bank's logo, for catalogues that show one ({@code iconUrl}); public like any web asset. */
    @GET
    @Path("icon.svg")
    @Produces(ICON_TYPE)
    public String icon() {
        requireSandbox(session.getContext().getRealm());
        return ICON;
    }

    /** One read of the customer's books under one consent, counted as the bank counts reads. */
    private record Reading(SandboxLedger ledger, SandboxAccess access) {
    }

    private Reading reading(String resource) {
        RealmModel realm = session.getContext().getRealm();
        requireSandbox(realm);
        AuthResult caller = caller(realm);
        UserModel customer = caller.user();
        Scenario scenario = Scenario.of(realm, customer).orElseThrow();
        if (scenario == Scenario.DATA_API_DOWN) {
            throw new WebApplicationException(Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "service_unavailable", "message", "The bank's data service is down"))
                    .build());
        }
        if (scenario == Scenario.SLOW) {
            pause(Scenario.SLOW_READ);
        }
        boolean attended = session.getContext().getRequestHeaders().getHeaderString(SandboxReads.CUSTOMER_IP_HEADER) != null;
        SandboxReads.count(customer, caller.session() == null ? caller.token().getSessionId() : caller.session().getId(), resource, attended);
        Long authTime = caller.token().getAuth_time();
        Instant consentedAt = authTime == null ? Instant.ofEpochSecond(caller.token().getIat()) : Instant.ofEpochSecond(authTime);
        return new Reading(new SandboxLedger(customer.getUsername(), scenario), SandboxAccess.of(realm, consentedAt));
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebApplicationException(Response.Status.SERVICE_UNAVAILABLE);
        }
    }

    private static void requireSandbox(RealmModel realm) {
        if (!Scenario.isSandbox(realm)) {
            throw new NotFoundException();
        }
    }

    /** Keycloak's own bearer token checks (signature, issuer, session, revocation), with the expiry check allowing the skew. */
    private AuthResult caller(RealmModel realm) {
        KeycloakContext context = session.getContext();
        String token = AppAuthManager.extractAuthorizationHeaderToken(context.getRequestHeaders());
        if (token == null) {
            throw ApiError.unauthorized();
        }
        AuthResult result = AuthenticationManager.verifyIdentityToken(session, realm, context.getUri(), context.getConnection(),
                false, true, null, false, token, context.getRequestHeaders(),
                verifier -> verifier.withChecks(t -> activeAllowingSkew(t, realm)));
        if (result == null || result.user() == null) {
            throw ApiError.unauthorized();
        }
        return result;
    }

    private static boolean activeAllowingSkew(AccessToken token, RealmModel realm) throws TokenNotActiveException {
        boolean expired = token.getExp() != null && token.getExp() != 0 && Time.currentTime() > token.getExp() + CLOCK_SKEW_SECONDS;
        if (expired || !token.isNotBefore(CLOCK_SKEW_SECONDS) || token.getIat() < realm.getNotBefore()) {
            throw new TokenNotActiveException(token, "Token is not active");
        }
        return true;
    }
}
