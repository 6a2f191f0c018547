package io.openfinance.identity.mappers;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenResponseMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessTokenResponse;

/**
 * Hands out a refresh token only when the partner asked for (and may have) {@code offline_access}:
 * a one-time connection otherwise ends with its access token.
 */
public class OfflineOnlyRefreshTokenMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenResponseMapper {

    public static final String ID = "oidc-offline-only-refresh-token-mapper";

    @Override
    public AccessTokenResponse transformAccessTokenResponse(AccessTokenResponse response, ProtocolMapperModel mappingModel,
                                                            KeycloakSession session, UserSessionModel userSession,
                                                            ClientSessionContext clientSessionCtx) {
        if (!clientSessionCtx.isOfflineTokenRequested()) {
            response.setRefreshToken(null);
            response.setRefreshExpiresIn(0);
        }
        return response;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return new ArrayList<>();
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "Open finance: refresh token only with offline_access";
    }

    @Override
    public String getHelpText() {
        return "Removes the refresh token from token responses unless offline_access was granted.";
    }

    @Override
    public String getId() {
        return ID;
    }
}
