package io.openfinance.identity.connection;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.openfinance.identity.audit.ConnectionEvents;
import io.openfinance.identity.bank.Bank;
import io.openfinance.identity.bank.BankClient;
import io.openfinance.identity.profile.Profile;
import io.openfinance.identity.profile.Profiles;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.scope.ScopeParameter;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.BankConnections;
import io.openfinance.identity.store.BankTokens;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.utils.PkceUtils;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The whole browser part of a connection, as one step of the identity realm's browser flow:
 * check the request, show the consent page, send the user to the bank, and once
 * {@link BankCallbackResource} has the bank's tokens, record the connection on the partner's profile.
 */
public class BankConnectionAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(BankConnectionAuthenticator.class);
    static final String CONSENT_TEMPLATE = "bank-consent.ftl";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Checked checked = checkedOrRefused(context);
        if (checked == null) {
            return;
        }
        ConnectionRequest request = checked.request();
        Bank bank = checked.bank();
        if (context.getAuthenticationSession().getAuthNote(FlowNotes.BANK_ACCESS_TOKEN) != null) {
            recordConnection(context, request, bank);
        } else if (FreshBrowserSession.isNeeded(context)) {
            context.forceChallenge(Response.status(Response.Status.FOUND).location(FreshBrowserSession.moveFlow(context)).build());
        } else {
            context.challenge(consentPage(context, request, bank));
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
        Bank bank = checked.bank();
        if (!"agree".equals(form.getFirst("decision"))) {
            refuse(context, bank.id(), "access_denied", "The user did not give consent");
            return;
        }
        if (authSession.getAuthNote(FlowNotes.BANK_STATE) == null) {
            if (!AuthorizationRequestOnce.claim(context.getSession(), authSession)) {
                refuse(context, bank.id(), "invalid_request", "This authorization request was already used");
                return;
            }
            authSession.setAuthNote(FlowNotes.BANK_STATE, SecretGenerator.getInstance().randomString(32));
            authSession.setAuthNote(FlowNotes.BANK_CODE_VERIFIER, PkceUtils.generateCodeVerifier());
        }
        String state = authSession.getAuthNote(FlowNotes.BANK_STATE);
        String verifier = authSession.getAuthNote(FlowNotes.BANK_CODE_VERIFIER);
        String redirectUri = BankCallbackResource.callbackUri(context.getSession(), context.getRealm());
        LOG.debugf("Consent given for bank %s; sending the browser to the bank", bank.id());
        context.challenge(Response.status(Response.Status.FOUND)
                .location(new BankClient(context.getSession()).authorizationUri(bank, redirectUri,
                        BankState.encode(state, authSession), verifier))
                .build());
    }

    private record Checked(ConnectionRequest request, Bank bank) {
    }

    /** The partner's request, checked again at every step; null when refused (the partner has its error). */
    private Checked checkedOrRefused(AuthenticationFlowContext context) {
        try {
            ConnectionRequest request = checkedRequest(context);
            Bank bank = Bank.find(context.getSession(), request.bankId())
                    .orElseThrow(() -> Bank.isDisabled(context.getSession(), request.bankId())
                            ? new InvalidConnectionRequest("temporarily_unavailable", "The bank is temporarily unavailable")
                            : new InvalidConnectionRequest("invalid_scope", "Unknown bank"));
            return new Checked(request, bank);
        } catch (InvalidConnectionRequest e) {
            refuse(context, null, e.error(), e.getMessage());
            return null;
        }
    }

    private ConnectionRequest checkedRequest(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ConnectionRequest request = ConnectionRequest.parse(authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM),
                authSession.getClientNote(OIDCLoginProtocol.CLAIMS_PARAM), Instant.now());
        if (request.forExistingProfile() && profiles(context).find(request.profileId()).isEmpty()) {
            throw new InvalidConnectionRequest("invalid_request", "Unknown sub");
        }
        if (request.renewsConnection() && new BankConnections(context.getSession(), context.getRealm())
                .find(request.profileId(), request.existingConnectionId())
                .filter(c -> c.bankId().equals(request.bankId())).isEmpty()) {
            throw new InvalidConnectionRequest("invalid_request", "Unknown mh:con_id for this sub and bank");
        }
        return request;
    }

    private Response consentPage(AuthenticationFlowContext context, ConnectionRequest request, Bank bank) {
        ClientModel client = context.getAuthenticationSession().getClient();
        return context.form()
                .setAttribute("partnerName", client.getName() == null || client.getName().isBlank() ? client.getClientId() : client.getName())
                .setAttribute("bankName", bank.displayName())
                .setAttribute("permissions", grantedScopes(client, request).stream().map(DataScope::plainWords).toList())
                .setAttribute("expiresOn", request.consentExpiresAt().toString().substring(0, 10))
                .createForm(CONSENT_TEMPLATE);
    }

    private void recordConnection(AuthenticationFlowContext context, ConnectionRequest request, Bank bank) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        BankTokens tokens = takeBankTokens(authSession);
        Profiles profiles = profiles(context);
        Profile profile = request.forExistingProfile()
                ? profiles.find(request.profileId()).orElseThrow()
                : profiles.create(null);
        Set<DataScope> granted = grantedScopes(authSession.getClient(), request);
        BankConnections connections = new BankConnections(context.getSession(), context.getRealm());
        BankConnection connection = request.renewsConnection()
                ? connections.renew(profile.id(), request.existingConnectionId(), granted, request.consentExpiresAt(),
                        request.transactionsFrom(), tokens)
                : connections.create(profile.id(), bank.id(), granted, request.consentExpiresAt(), request.transactionsFrom(), tokens);
        ConnectionEvents.made(context.getEvent(), connection);
        LOG.infof("Connection %s to bank %s %s for profile %s", connection.id(), bank.id(),
                request.renewsConnection() ? "renewed" : "recorded", profile.id());

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

    private static BankTokens takeBankTokens(AuthenticationSessionModel authSession) {
        String expires = authSession.getAuthNote(FlowNotes.BANK_TOKEN_EXPIRES);
        BankTokens tokens = new BankTokens(authSession.getAuthNote(FlowNotes.BANK_ACCESS_TOKEN),
                authSession.getAuthNote(FlowNotes.BANK_REFRESH_TOKEN),
                expires == null ? null : Instant.ofEpochMilli(Long.parseLong(expires)));
        Stream.of(FlowNotes.BANK_ACCESS_TOKEN, FlowNotes.BANK_REFRESH_TOKEN, FlowNotes.BANK_TOKEN_EXPIRES)
                .forEach(authSession::removeAuthNote);
        return tokens;
    }

    /** What the user consents to: the data scopes asked for, or, when none are named, all the client may have. */
    static Set<DataScope> grantedScopes(ClientModel client, ConnectionRequest request) {
        if (!request.requestedDataScopes().isEmpty()) {
            return request.requestedDataScopes();
        }
        return Stream.concat(client.getClientScopes(true).keySet().stream(), client.getClientScopes(false).keySet().stream())
                .flatMap(name -> DataScope.fromScope(name).stream())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DataScope.class)));
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

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
