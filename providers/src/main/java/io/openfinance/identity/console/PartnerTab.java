package io.openfinance.identity.console;

import java.util.Arrays;
import java.util.List;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import io.openfinance.identity.bank.Banks;
import io.openfinance.identity.bank.PartnerBanks;
import io.openfinance.identity.events.EventType;
import io.openfinance.identity.events.Subscription;
import io.openfinance.identity.url.SecureUrl;

/**
 * Clients → a client → Open finance: the banks the partner may use ({@value PartnerBanks#ATTRIBUTE}) and its
 * connection events ({@value Subscription#URL}, {@value Subscription#TYPES}), as client attributes.
 */
public final class PartnerTab extends SettingsTab {

    static final String ID = "of-partner-settings";
    /** The client's id (not its client id), as the console's route names it. */
    private static final String CLIENT = "clientId";
    /** The client id again, typed by the admin: the console shows one tab's values for every client (see admins' docs). */
    private static final String CONFIRM_CLIENT = "partnerClientId";
    private static final String BANKS = "banks";
    private static final String EVENTS_URL = "eventsUrl";
    private static final String EVENT_TYPES = "eventTypes";

    public PartnerTab() {
        super("/:realm/clients/:clientId/:tab");
    }

    @Override
    void validate(KeycloakSession session, RealmModel realm, MultivaluedHashMap<String, String> values) {
        requireOpenFinanceRealm(realm);
        ClientModel client = client(realm, values);
        permissions(session, realm).clients().requireConfigure(client);
        if (!client.getClientId().equals(text(values, CONFIRM_CLIENT))) {
            throw new ComponentValidationException("Client ID must be this client's, " + client.getClientId()
                    + " (the tab shows the values last saved through it, possibly for another client)");
        }
        for (String bank : list(values, BANKS)) {
            if (!Banks.exists(session, bank)) {
                throw new ComponentValidationException("Unknown bank " + bank + ": not a bank of this realm (an OpenID Connect "
                        + "identity provider with an API root in its Open finance tab)");
            }
        }
        String url = text(values, EVENTS_URL);
        if (url != null && SecureUrl.parse(url).isEmpty()) {
            throw new ComponentValidationException("Events endpoint must be " + SecureUrl.RULE + ", not " + url);
        }
        for (String type : list(values, EVENT_TYPES)) {
            if (EventType.of(type).isEmpty()) {
                throw new ComponentValidationException("Unknown event type " + type);
            }
        }
    }

    @Override
    void apply(KeycloakSession session, RealmModel realm, MultivaluedHashMap<String, String> values) {
        ClientModel client = client(realm, values);
        setOrRemove(client, PartnerBanks.ATTRIBUTE, String.join(" ", list(values, BANKS)));
        setOrRemove(client, Subscription.URL, text(values, EVENTS_URL));
        setOrRemove(client, Subscription.TYPES, String.join(" ", list(values, EVENT_TYPES)));
    }

    private static void setOrRemove(ClientModel client, String attribute, String value) {
        if (value == null || value.isEmpty()) {
            client.removeAttribute(attribute);
        } else {
            client.setAttribute(attribute, value);
        }
    }

    private static ClientModel client(RealmModel realm, MultivaluedHashMap<String, String> values) {
        String id = text(values, CLIENT);
        ClientModel client = id == null ? null : realm.getClientById(id);
        if (client == null) {
            throw new ComponentValidationException("Save this tab from a client's page");
        }
        return client;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(CONFIRM_CLIENT).label("Client ID").type(ProviderConfigProperty.STRING_TYPE).required(true)
                .helpText("This client's Client ID, to confirm which partner the values below are for: the console shows the "
                        + "values last saved through this tab, for whichever client.").add()
                .property().name(BANKS).label("Banks").type(ProviderConfigProperty.IDENTITY_PROVIDER_MULTI_LIST_TYPE)
                .helpText("The banks this partner may connect to (the realm's identity providers that are banks). None: every "
                        + "bank of the realm, including banks added later.").add()
                .property().name(EVENTS_URL).label("Events endpoint").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Where connection events are sent, as signed Security Event Tokens: " + SecureUrl.RULE
                        + ". Empty: no events are sent.").add()
                .property().name(EVENT_TYPES).label("Event types").type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE)
                .options(Arrays.stream(EventType.values()).map(EventType::id).toList())
                .helpText("The events this partner receives. None: every type.").add()
                .build();
    }

    @Override
    public String getId() {
        return ID;
    }
}
