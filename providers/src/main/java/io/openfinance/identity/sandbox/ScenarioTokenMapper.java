package io.openfinance.identity.sandbox;

import java.util.List;

import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenResponseMapper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.IDToken;

/**
 * The sandbox bank's token scenarios, on its client for the identity service: access tokens that expire
 * when issued ({@code expires_in} 0), and for {@link Scenario#REVOKED_REFRESH} a refresh token the bank never
 * issued, so the first refresh is refused with {@code invalid_grant} as after a customer revokes access at the bank;
 * for {@link Scenario#WRONG_NONCE} id tokens with a nonce the client never sent.
 */
public class ScenarioTokenMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCAccessTokenResponseMapper, OIDCIDTokenMapper {

    public static final String ID = "sandbox-scenario-token-mapper";

    @Override
    public AccessToken transformAccessToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                            UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        if (scenario(userSession).tokensExpireAtOnce()) {
            token.exp((long) Time.currentTime());
        }
        return token;
    }

    @Override
    public IDToken transformIDToken(IDToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                    UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        if (scenario(userSession) == Scenario.WRONG_NONCE) {
            token.setNonce(SecretGenerator.getInstance().randomString(32));
        }
        return token;
    }

    @Override
    public AccessTokenResponse transformAccessTokenResponse(AccessTokenResponse response, ProtocolMapperModel mappingModel,
                                                            KeycloakSession session, UserSessionModel userSession,
                                                            ClientSessionContext clientSessionCtx) {
        if (scenario(userSession) == Scenario.REVOKED_REFRESH && response.getRefreshToken() != null) {
            response.setRefreshToken("revoked-" + SecretGenerator.getInstance().randomString(32));
        }
        return response;
    }

    private static Scenario scenario(UserSessionModel userSession) {
        return Scenario.of(userSession.getRealm(), userSession.getUser()).orElse(Scenario.HAPPY);
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
        return "Sandbox bank: token scenarios";
    }

    @Override
    public String getHelpText() {
        return "In a sandbox bank realm, makes tokens of users with a " + Scenario.ATTRIBUTE
                + " expire at once, carry a refresh token that will be refused, or id tokens with a wrong nonce.";
    }

    @Override
    public String getId() {
        return ID;
    }
}
