package io.openfinance.identity.bank;

import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.scope.InvalidScopeParameterException;
import org.keycloak.protocol.oidc.scope.ParameterizedScopeTypeProvider;

/**
 * The type of the realm's one parameterized client scope {@code id}: Keycloak accepts {@code id:<bankId>} only for a
 * bank of the realm (enabled or not: a disabled bank is the connection step's {@code temporarily_unavailable}) that the
 * requesting partner may use ({@link PartnerBanks}); anything else is Keycloak's own {@code invalid_scope}.
 */
public class BankScopeType implements ParameterizedScopeTypeProvider {

    public static final String TYPE = "open-finance-bank";

    private final KeycloakSession session;

    public BankScopeType() {
        this(null);
    }

    private BankScopeType(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public ParameterizedScopeTypeProvider create(KeycloakSession session) {
        return new BankScopeType(session);
    }

    @Override
    public String getTypeName() {
        return TYPE;
    }

    @Override
    public void validateParameter(ClientScopeModel scope, String bankId) {
        if (!Banks.exists(session, bankId)) {
            throw new InvalidScopeParameterException("Unknown bank");
        }
        ClientModel partner = session.getContext().getClient();
        if (partner != null && !PartnerBanks.allows(partner, bankId)) {
            throw new InvalidScopeParameterException("The partner may not connect to this bank");
        }
    }
}
