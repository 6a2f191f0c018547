package io.openfinance.identity.obsandbox;

import java.util.List;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;

/** Binds the Open Banking sandbox's tokens to the consent the customer authorised: {@code openbanking_intent_id}. */
public class ObIntentMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper {

    public static final String ID = "ob-sandbox-intent-mapper";

    @Override
    public AccessToken transformAccessToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                            UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        return bind(token, userSession);
    }

    @Override
    public IDToken transformIDToken(IDToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                    UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        return bind(token, userSession);
    }

    @Override
    public AccessToken transformUserInfoToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                              UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        return bind(token, userSession);
    }

    /** Every token of a session whose customer authorised a consent names it, whatever the mapper's settings. */
    private static <T extends IDToken> T bind(T token, UserSessionModel userSession) {
        String intent = userSession.getNote(ObAccountSelection.INTENT_NOTE);
        if (intent != null) {
            token.getOtherClaims().put(ObBearer.INTENT_CLAIM, intent);
        }
        return token;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "Open Banking sandbox: consent id";
    }

    @Override
    public String getHelpText() {
        return "Puts the consent the customer authorised at the Open Banking sandbox in openbanking_intent_id.";
    }

    @Override
    public String getId() {
        return ID;
    }
}
