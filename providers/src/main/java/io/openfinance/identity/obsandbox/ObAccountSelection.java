package io.openfinance.identity.obsandbox;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.MultivaluedMap;

import io.openfinance.identity.flow.FlowStep;
import io.openfinance.identity.sandbox.SandboxLedger;
import io.openfinance.identity.sandbox.Scenario;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.ClientModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.util.JsonSerialization;

/**
 * The Open Banking sandbox's authorisation of a consent, after sign-in, for clients marked {@value #TPP_ATTRIBUTE}:
 * the request (a signed request object, as the client's settings require) must name in
 * {@code claims.id_token.openbanking_intent_id} a consent this client created that awaits authorisation; the customer
 * then picks on its own page which of their accounts to share. The consent becomes {@code Authorised} for those
 * accounts and the session carries it into the tokens ({@link ObIntentMapper}); a customer who cancels rejects it.
 */
public class ObAccountSelection extends FlowStep {

    static final String TPP_ATTRIBUTE = "ob.sandbox.tpp";
    static final String INTENT_NOTE = "ob.intent";
    static final String TEMPLATE = "ob-account-selection.ftl";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (!Scenario.isSandbox(context.getRealm()) || !isTpp(context.getAuthenticationSession().getClient())) {
            context.success();
            return;
        }
        Optional<ObConsents.Consent> consent = pending(context);
        if (consent.isEmpty()) {
            context.cancelLogin();
            return;
        }
        context.challenge(page(context, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        Optional<ObConsents.Consent> pending = pending(context);
        if (pending.isEmpty()) {
            context.cancelLogin();
            return;
        }
        ObConsents consents = new ObConsents(context.getSession(), context.getRealm());
        ObConsents.Consent consent = pending.get();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (!"share".equals(form.getFirst("decision"))) {
            consents.save(consent.with(ObConsents.REJECTED, context.getUser().getId(), List.of()));
            context.cancelLogin();
            return;
        }
        Set<String> owned = ledger(context).accounts().stream().map(a -> (String) a.get("id")).collect(Collectors.toSet());
        List<String> chosen = form.getOrDefault("account", List.of()).stream().distinct().toList();
        if (chosen.isEmpty() || !owned.containsAll(chosen)) {
            context.challenge(page(context, "obChooseAnAccount"));
            return;
        }
        consents.save(consent.with(ObConsents.AUTHORISED, context.getUser().getId(), chosen));
        consents.indexForCustomer(context.getUser().getId(), consent.id());
        context.getAuthenticationSession().setUserSessionNote(INTENT_NOTE, consent.id());
        context.success();
    }

    static boolean isTpp(ClientModel client) {
        return Boolean.parseBoolean(client.getAttribute(TPP_ATTRIBUTE));
    }

    private static Optional<ObConsents.Consent> pending(AuthenticationFlowContext context) {
        String intent = intent(context.getAuthenticationSession().getClientNote(OIDCLoginProtocol.CLAIMS_PARAM));
        ClientModel client = context.getAuthenticationSession().getClient();
        return new ObConsents(context.getSession(), context.getRealm()).find(intent)
                .filter(consent -> consent.clientId().equals(client.getClientId()))
                .filter(consent -> ObConsents.AWAITING.equals(consent.statusAt(Instant.now())));
    }

    private static String intent(String claims) {
        if (claims == null) {
            return null;
        }
        try {
            JsonNode value = JsonSerialization.readValue(claims, JsonNode.class)
                    .path("id_token").path(ObBearer.INTENT_CLAIM).path("value");
            return value.isTextual() ? value.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static SandboxLedger ledger(AuthenticationFlowContext context) {
        return new SandboxLedger(context.getUser().getUsername(), Scenario.of(context.getRealm(), context.getUser()).orElseThrow());
    }

    private static jakarta.ws.rs.core.Response page(AuthenticationFlowContext context, String error) {
        ClientModel client = context.getAuthenticationSession().getClient();
        List<Map<String, Object>> accounts = ledger(context).accounts().stream()
                .map(a -> Map.<String, Object>of("id", a.get("id"), "name", a.get("name"), "currency", a.get("currency"),
                        "number", ((Map<?, ?>) a.get("details")).get("accountNumber")))
                .toList();
        var form = context.form()
                .setAttribute("tppName", client.getName() == null || client.getName().isBlank() ? client.getClientId() : client.getName())
                .setAttribute("accounts", accounts);
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(TEMPLATE);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }
}
