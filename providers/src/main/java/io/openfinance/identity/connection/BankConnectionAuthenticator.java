package io.openfinance.identity.connection;

import io.openfinance.identity.flow.FlowStep;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.openfinance.identity.audit.ConnectionEvents;
import io.openfinance.identity.bank.BankAuthorization;
import io.openfinance.identity.bank.BankConfig;
import io.openfinance.identity.bank.Banks;
import io.openfinance.identity.bank.BankConnector;
import io.openfinance.identity.bank.BankException;
import io.openfinance.identity.bank.PartnerBanks;
import io.openfinance.identity.demo.DemoDataGuard;
import io.openfinance.identity.ledger.FirstSync;
import io.openfinance.identity.profile.Profile;
import io.openfinance.identity.profile.Profiles;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.scope.ScopeParameter;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.ConnectionProvider;
import io.openfinance.identity.store.BankTokens;
import io.openfinance.identity.store.Consent;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.utils.PkceUtils;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The whole browser part of a connection, as one step of the identity realm's browser flow:
 * check the request, show the consent page, send the user to the bank, and once
 * {@link BankCallbackResource} has the bank's tokens, record the connection on the partner's profile.
 */
public class BankConnectionAuthenticator extends FlowStep {

    private static final Logger LOG = Logger.getLogger(BankConnectionAuthenticator.class);
    static final String CONSENT_TEMPLATE = "bank-consent.ftl";

    private final ConsentPolicy policy;

    BankConnectionAuthenticator(ConsentPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Checked checked = checkedOrRefused(context);
        if (checked == null) {
            return;
        }
        if (BankTokenNotes.present(context.getAuthenticationSession())) {
            recordConnection(context, checked);
        } else if (FreshBrowserSession.isNeeded(context)) {
            context.forceChallenge(Response.status(Response.Status.FOUND).location(FreshBrowserSession.moveFlow(context)).build());
        } else {
            context.challenge(consentPage(context, checked));
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Checked checked = checkedOrRefused(context);
        if (checked == null) {
            return;
        }
        BankConfig bank = checked.bank();
        if (!"agree".equals(form.getFirst("decision"))) {
            refuse(context, bank.id(), "access_denied", "The user did not give consent");
            return;
        }
        if (authSession.getAuthNote(FlowNotes.BANK_STATE) == null) {
            Optional<String> claimed = AuthorizationRequestOnce.claim(context.getSession(), authSession, policy.requestOnce());
            if (claimed.isEmpty()) {
                refuse(context, bank.id(), "invalid_request", "This authorization request was already used");
                return;
            }
            authSession.setAuthNote(FlowNotes.AUTHORIZATION_REQUEST, claimed.get());
            authSession.setAuthNote(FlowNotes.BANK_ID, bank.id());
            authSession.setAuthNote(FlowNotes.BANK_STATE, SecretGenerator.getInstance().randomString(32));
            authSession.setAuthNote(FlowNotes.BANK_CODE_VERIFIER, PkceUtils.generateCodeVerifier());
            authSession.setAuthNote(FlowNotes.BANK_NONCE, SecretGenerator.getInstance().randomString(32));
        }
        if (!checked.request().mode().asksTheBank()) {
            recordConnection(context, checked);
            return;
        }
        BankAuthorization bankAuthorization;
        try {
            bankAuthorization = BankConnector.of(context.getSession(), bank).authorization(bank,
                    BankCallbackResource.redirect(context.getSession(), authSession, authSession.getAuthNote(FlowNotes.BANK_STATE)),
                    consentGiven(checked), context.getConnection().getRemoteAddr());
        } catch (BankException e) {
            LOG.warnf("Bank %s: %s", bank.id(), e.getMessage());
            refuse(context, bank.id(), "temporarily_unavailable", "The bank is temporarily unavailable");
            return;
        }
        if (bankAuthorization.grantId() != null) {
            authSession.setAuthNote(FlowNotes.BANK_GRANT_ID, bankAuthorization.grantId());
        }
        LOG.debugf("Consent given for bank %s; sending the browser to the bank", bank.id());
        context.challenge(Response.status(Response.Status.FOUND).location(bankAuthorization.uri()).build());
    }

    /** What the bank is asked to grant: the new consent, or on re-authorisation the connection's current one. */
    private static Consent consentGiven(Checked checked) {
        return checked.consent() != null ? checked.consent() : new Consent(checked.existing().dataScopes(),
                checked.existing().consentExpiresAt(), checked.existing().transactionsFrom());
    }

    /** A request checked against the partner, its profile and, for lifecycle requests, the connection it names. */
    private record Checked(ConnectionRequest request, BankConfig bank, BankConnection existing, Consent consent) {
    }

    /** The partner's request, checked again at every step; null when refused (the partner has its error). */
    private Checked checkedOrRefused(AuthenticationFlowContext context) {
        try {
            AuthenticationSessionModel authSession = context.getAuthenticationSession();
            if (DemoDataGuard.of(context.getSession()).refuses(authSession.getClient())) {
                throw new InvalidConnectionRequest("unauthorized_client", "Demo client: refused by a production server");
            }
            ConnectionRequest request = ConnectionRequest.parse(authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM),
                    authSession.getClientNote(OIDCLoginProtocol.CLAIMS_PARAM), Instant.now(), policy);
            BankConnection existing = existingConnection(context, request);
            String bankId = existing == null ? request.bankId() : existing.bankId();
            if (!PartnerBanks.allows(authSession.getClient(), bankId)) {
                throw new InvalidConnectionRequest("invalid_scope", "The partner may not connect to this bank");
            }
            BankConfig bank = Banks.find(context.getSession(), bankId)
                    .orElseThrow(() -> Banks.isDisabled(context.getSession(), bankId)
                            ? new InvalidConnectionRequest("temporarily_unavailable", "The bank is temporarily unavailable")
                            : new InvalidConnectionRequest("invalid_scope", "Unknown bank"));
            return new Checked(request, bank, existing, request.consent(authSession.getClient(), existing));
        } catch (InvalidConnectionRequest e) {
            refuse(context, null, e.error(), e.getMessage());
            return null;
        }
    }

    /** The partner's own profile named by sub, and the connection of that profile named by mh:con_id, if any. */
    private BankConnection existingConnection(AuthenticationFlowContext context, ConnectionRequest request) {
        if (request.forExistingProfile() && profiles(context).find(request.profileId()).isEmpty()) {
            throw new InvalidConnectionRequest("invalid_request", "Unknown sub");
        }
        if (!request.renewsConnection()) {
            return null;
        }
        return context.getSession().getProvider(ConnectionProvider.class)
                .find(context.getRealm(), request.profileId(), request.existingConnectionId())
                .filter(c -> request.bankId() == null || c.bankId().equals(request.bankId()))
                .orElseThrow(() -> new InvalidConnectionRequest("invalid_request", "Unknown mh:con_id for this sub and bank"));
    }

    private Response consentPage(AuthenticationFlowContext context, Checked checked) {
        ClientModel client = context.getAuthenticationSession().getClient();
        Consent consent = checked.consent();
        Instant expiresAt = consent == null ? checked.existing().consentExpiresAt() : consent.expiresAt();
        Set<DataScope> scopes = consent == null ? checked.existing().dataScopes() : consent.dataScopes();
        return context.form()
                .setAttribute("partnerName", client.getName() == null || client.getName().isBlank() ? client.getClientId() : client.getName())
                .setAttribute("bankName", checked.bank().displayName())
                .setAttribute("bankStep", checked.request().mode().asksTheBank())
                .setAttribute("permissions", scopes.stream().map(DataScope::plainWords).toList())
                .setAttribute("expiresOn", expiresAt.toString().substring(0, 10))
                .createForm(CONSENT_TEMPLATE);
    }

    private void recordConnection(AuthenticationFlowContext context, Checked checked) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ConnectionRequest request = checked.request();
        BankTokens tokens = request.mode().asksTheBank() ? BankTokenNotes.take(context.getSession(), authSession) : null;
        String authorizationRequest = authSession.getAuthNote(FlowNotes.AUTHORIZATION_REQUEST);
        Profile profile;
        BankConnection connection;
        try {
            profile = request.forExistingProfile()
                    ? profiles(context).find(request.profileId())
                            .orElseThrow(() -> new InvalidConnectionRequest("invalid_request", "Unknown sub"))
                    : profiles(context).create(null);
            ConnectionProvider connections = context.getSession().getProvider(ConnectionProvider.class);
            connection = request.renewsConnection()
                    ? connections.renew(context.getRealm(), profile.id(), request.existingConnectionId(), checked.consent(), tokens,
                            authorizationRequest, request.mode().scope())
                            .orElseThrow(() -> new InvalidConnectionRequest("invalid_request", "Unknown mh:con_id for this sub"))
                    : connections.create(context.getRealm(), profile.id(), checked.bank().id(), checked.consent(), tokens, authorizationRequest);
        } catch (InvalidConnectionRequest goneMeanwhile) {
            refuse(context, checked.bank().id(), goneMeanwhile.error(), goneMeanwhile.getMessage());
            return;
        } catch (ModelDuplicateException lostRace) {
            context.getSession().getTransactionManager().setRollbackOnly();
            refuse(context, checked.bank().id(), "invalid_request", "This authorization request was already used");
            return;
        }
        if (tokens != null) {
            FirstSync.afterCommit(context.getSession(), context.getRealm(), connection, !request.renewsConnection());
        }
        ConnectionEvents.made(context.getEvent(), connection);
        LOG.infof("Connection %s to bank %s %s for profile %s", connection.id(), connection.bankId(),
                request.renewsConnection() ? "renewed (" + request.mode().name().toLowerCase(Locale.ROOT) + ")" : "recorded",
                profile.id());

        authSession.setUserSessionNote(FlowNotes.CONNECTION_ID, connection.id());
        if (request.forExistingProfile()) {
            // Ongoing access: the code's tokens carry no data scopes; data tokens come from client_credentials with sub.
            authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, withoutDataScopes(authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM)));
        } else {
            authSession.setUserSessionNote(FlowNotes.COVERED_CONNECTIONS, connection.id());
        }
        context.setUser(profile.user());
        context.success();
    }

    private static String withoutDataScopes(String scope) {
        return ScopeParameter.parse(scope).values().stream()
                .filter(s -> !DataScope.isDataScope(s))
                .collect(Collectors.joining(" "));
    }

    private static void refuse(AuthenticationFlowContext context, String bankId, String error, String description) {
        ConnectionEvents.refused(context.getEvent(), bankId, "access_denied".equals(error) ? Errors.CONSENT_DENIED : Errors.INVALID_REQUEST);
        LOG.infof("Connection request refused: %s (%s)", error, description);
        context.forceChallenge(PartnerRedirect.error(context.getSession(), context.getAuthenticationSession(), error, description));
    }

    private static Profiles profiles(AuthenticationFlowContext context) {
        return new Profiles(context.getSession(), context.getRealm(), context.getAuthenticationSession().getClient());
    }

    @Override
    public boolean requiresUser() {
        return false;
    }
}
