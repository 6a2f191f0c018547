package io.openfinance.identity.sandbox;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.openfinance.identity.rest.ApiError;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * {@code {sandbox realm}/bank-api}: the sandbox bank's data API, answering only in realms marked with
 * the attribute {@value #SANDBOX_ATTRIBUTE}. The bank's own Keycloak realm issued the bearer token.
 */
@Produces(MediaType.APPLICATION_JSON)
public class SandboxBankResource {

    static final String SANDBOX_ATTRIBUTE = "of.sandboxBank";

    private final KeycloakSession session;

    SandboxBankResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("accounts")
    public Map<String, Object> accounts() {
        return Map.of("accounts", ledger().accounts());
    }

    @GET
    @Path("accounts/{accountId}/transactions")
    public Map<String, Object> transactions(@PathParam("accountId") String accountId) {
        return Map.of("transactions", ledger().transactions(accountId).orElseThrow(() -> ApiError.notFound("Account")));
    }

    private SandboxLedger ledger() {
        RealmModel realm = session.getContext().getRealm();
        if (!Boolean.parseBoolean(realm.getAttribute(SANDBOX_ATTRIBUTE))) {
            throw new NotFoundException();
        }
        AuthResult customer = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (customer == null || customer.user() == null) {
            throw ApiError.unauthorized();
        }
        return new SandboxLedger(customer.user().getUsername());
    }
}
