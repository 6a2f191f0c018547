package io.openfinance.identity.discovery;

import java.util.ArrayList;
import java.util.List;

import io.openfinance.identity.banks.BankCatalogue;
import io.openfinance.identity.mappers.ConnectionIdMapper;
import io.openfinance.identity.mappers.CoveredConnectionsMapper;
import io.openfinance.identity.realm.OpenFinanceRealm;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.wellknown.WellKnownProvider;

/**
 * Keycloak's own discovery document, in open-finance realms with this service's claims added to
 * {@code claims_supported} and the banks' parameterized scope {@code id} listed as the {@code id:<bankId>} of each bank
 * in {@code scopes_supported} (unchanged elsewhere).
 * Same alias as Keycloak's factory and a lower priority number, so Keycloak serves this one.
 */
public class OpenFinanceDiscoveryFactory extends OIDCWellKnownProviderFactory {

    static final String CONSENT_CLAIM = "mh:consent";
    private static final String BANKS_SCOPE = "id";

    @Override
    public WellKnownProvider create(KeycloakSession session) {
        WellKnownProvider keycloaks = super.create(session);
        return new WellKnownProvider() {
            @Override
            public Object getConfig() {
                OIDCConfigurationRepresentation config = (OIDCConfigurationRepresentation) keycloaks.getConfig();
                if (!OpenFinanceRealm.isEnabled(session.getContext().getRealm())) {
                    return config;
                }
                List<String> claims = new ArrayList<>(config.getClaimsSupported());
                claims.addAll(List.of(ConnectionIdMapper.CLAIM, CoveredConnectionsMapper.CLAIM, CONSENT_CLAIM));
                config.setClaimsSupported(claims);
                List<String> scopes = new ArrayList<>(config.getScopesSupported());
                if (scopes.remove(BANKS_SCOPE)) {
                    scopes.addAll(new BankCatalogue(session).scopes());
                }
                config.setScopesSupported(scopes);
                return config;
            }

            @Override
            public void close() {
                keycloaks.close();
            }
        };
    }

    @Override
    public String getId() {
        return "open-finance-openid-configuration";
    }

    @Override
    public String getAlias() {
        return PROVIDER_ID;
    }

    @Override
    public int getPriority() {
        return 50;
    }
}
