package io.openfinance.identity.audit;

import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;

import io.openfinance.identity.metrics.OpenFinanceMetrics;
import io.openfinance.identity.store.BankConnection;

/**
 * Keycloak login events for what happens to connections, so that operators audit them where they
 * audit everything else: made is GRANT_CONSENT, refused is GRANT_CONSENT_ERROR, removed is REVOKE_GRANT.
 */
public final class ConnectionEvents {

    public static final String CONNECTION_ID = "connection_id";
    public static final String BANK_ID = "bank_id";

    private ConnectionEvents() {
    }

    public static void made(EventBuilder event, BankConnection connection) {
        event.clone().event(EventType.GRANT_CONSENT)
                .user(connection.profileId())
                .detail(CONNECTION_ID, connection.id())
                .detail(BANK_ID, connection.bankId())
                .success();
        OpenFinanceMetrics.connection(connection.bankId(), "made", null);
    }

    public static void refused(EventBuilder event, String bankId, String error) {
        event.clone().event(EventType.GRANT_CONSENT_ERROR)
                .detail(BANK_ID, bankId)
                .error(error);
        OpenFinanceMetrics.connection(bankId, "refused", error);
    }

    public static void deleted(KeycloakSession session, ClientModel client, BankConnection connection) {
        new EventBuilder(session.getContext().getRealm(), session, session.getContext().getConnection())
                .event(EventType.REVOKE_GRANT)
                .client(client)
                .user(connection.profileId())
                .detail(CONNECTION_ID, connection.id())
                .detail(BANK_ID, connection.bankId())
                .success();
        OpenFinanceMetrics.connection(connection.bankId(), "deleted", null);
    }
}
