package io.openfinance.identity.connection;

import java.time.Duration;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.openfinance.identity.audit.ConnectionEvents;
import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.BankRedirect;
import io.openfinance.identity.bank.Banks;
import io.openfinance.identity.bank.BankConnector;
import io.openfinance.identity.metrics.OpenFinanceMetrics;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.store.BankTokens;
import org.jboss.logging.Logger;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.resources.RealmsResource;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * {@code {realm}/bank-callback}: where banks send the browser back. Finds the authentication session
 * through the browser's cookie and the state, spends the state once, swaps the bank's code for tokens
 * server-side and goes on with the flow at once ({@link ResumedBrowserFlow}), where {@link BankConnectionAuthenticator}
 * records the connection. A bank that answers in the URL's fragment ({@code response_mode=fragment}), which the
 * browser never sends, gets our page {@value #FRAGMENT_PAGE}: its script posts the fragment's parameters back here,
 * same origin.
 */
public class BankCallbackResource {

    private static final Logger LOG = Logger.getLogger(BankCallbackResource.class);
    static final String PATH = "bank-callback";
    static final String FRAGMENT_PAGE = "bank-callback-fragment.ftl";

    private final KeycloakSession session;
    private final RealmModel realm;

    BankCallbackResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    static String callbackUri(KeycloakSession session, RealmModel realm) {
        return RealmsResource.realmBaseUrl(session.getContext().getUri()).path(PATH).build(realm.getName()).toString();
    }

    /** The trip to the bank of the flow in {@code authSession}, whose single-use state secret is {@code stateSecret}. */
    static BankRedirect redirect(KeycloakSession session, AuthenticationSessionModel authSession, String stateSecret) {
        return new BankRedirect(callbackUri(session, authSession.getRealm()), BankState.encode(stateSecret, authSession),
                authSession.getAuthNote(FlowNotes.BANK_CODE_VERIFIER), authSession.getAuthNote(FlowNotes.BANK_NONCE));
    }

    @GET
    public Response callback(@QueryParam("state") String state, @QueryParam("code") String code,
                             @QueryParam("error") String error) {
        if (state == null && code == null && error == null) {
            return session.getProvider(LoginFormsProvider.class)
                    .setAttribute("callbackUrl", callbackUri(session, realm))
                    .createForm(FRAGMENT_PAGE);
        }
        return answer(state, code, null, error);
    }

    /** The bank's answer as {@value #FRAGMENT_PAGE} forwards it from the fragment, with the hybrid flow's id token. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response fragment(@FormParam("state") String state, @FormParam("code") String code,
                             @FormParam("id_token") String idToken, @FormParam("error") String error) {
        return answer(state, code, idToken, error);
    }

    private Response answer(String state, String code, String idToken, String error) {
        Optional<AuthenticationSessionModel> found = BankState.decode(state).flatMap(this::pendingFlow);
        if (found.isEmpty()) {
            event().error(Errors.INVALID_CODE);
            LOG.info("Bank callback without a matching flow (unknown, replayed or expired state)");
            return ErrorPage.error(session, null, Response.Status.BAD_REQUEST, "bankCallbackInvalid");
        }
        AuthenticationSessionModel authSession = found.get();
        session.getContext().setAuthenticationSession(authSession);
        session.getContext().setClient(authSession.getClient());
        BankRedirect redirect = redirect(session, authSession, authSession.getAuthNote(FlowNotes.BANK_STATE));
        String grantId = authSession.getAuthNote(FlowNotes.BANK_GRANT_ID);
        authSession.removeAuthNote(FlowNotes.BANK_STATE);
        authSession.removeAuthNote(FlowNotes.BANK_CODE_VERIFIER);
        authSession.removeAuthNote(FlowNotes.BANK_NONCE);

        Optional<BankConfig> bank = requestedBank(authSession);
        if (bank.isEmpty()) {
            return failed(authSession, null, "invalid_request", "The bank is no longer available", Errors.INVALID_REQUEST);
        }
        if (error != null || code == null) {
            return failed(authSession, bank.get().id(), "access_denied", "The bank did not authorise the connection",
                    Errors.CONSENT_DENIED);
        }
        if (!ResumedBrowserFlow.isActive(session, authSession)) {
            return failed(authSession, bank.get().id(), "access_denied", "The connection took longer than the login timeout",
                    Errors.EXPIRED_CODE);
        }
        long started = System.nanoTime();
        try {
            BankTokens tokens = BankConnector.of(session, bank.get())
                    .exchangeCode(bank.get(), code, idToken, redirect, grantId);
            OpenFinanceMetrics.bankCall(bank.get().id(), "token", "ok", Duration.ofNanos(System.nanoTime() - started));
            BankTokenNotes.put(session, authSession, tokens);
        } catch (BankException e) {
            OpenFinanceMetrics.bankCall(bank.get().id(), "token", e.refused() ? "refused" : "failed",
                    Duration.ofNanos(System.nanoTime() - started));
            LOG.infof("Bank %s code exchange failed: %s", bank.get().id(), e.getMessage());
            return e.refused()
                    ? failed(authSession, bank.get().id(), "access_denied", "The bank refused the connection", Errors.CONSENT_DENIED)
                    : failed(authSession, bank.get().id(), "temporarily_unavailable", "The bank could not be reached",
                    Errors.IDENTITY_PROVIDER_ERROR);
        }
        return ResumedBrowserFlow.resume(session, authSession);
    }

    private Optional<AuthenticationSessionModel> pendingFlow(BankState state) {
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).getCurrentRootAuthenticationSession(realm);
        ClientModel client = realm.getClientById(state.clientUuid());
        if (root == null || client == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(root.getAuthenticationSession(client, state.tabId()))
                .filter(authSession -> state.matches(authSession.getAuthNote(FlowNotes.BANK_STATE)));
    }

    private Response failed(AuthenticationSessionModel authSession, String bankId, String oauthError, String description,
                            String eventError) {
        ConnectionEvents.refused(event().client(authSession.getClient()), bankId, eventError);
        return PartnerRedirect.error(session, authSession, oauthError, description);
    }

    private EventBuilder event() {
        return new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.GRANT_CONSENT_ERROR);
    }

    /** The bank the user consented to go to, looked up again: an admin may have disabled it meanwhile. */
    private Optional<BankConfig> requestedBank(AuthenticationSessionModel authSession) {
        return Banks.find(session, authSession.getAuthNote(FlowNotes.BANK_ID));
    }
}
