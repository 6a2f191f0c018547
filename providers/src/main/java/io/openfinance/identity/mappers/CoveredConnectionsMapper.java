package io.openfinance.identity.mappers;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.openfinance.identity.connection.FlowNotes;
import io.openfinance.identity.scope.ConsentedScopes;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.scope.ScopeParameter;
import io.openfinance.identity.store.ConnectionProvider;
import io.openfinance.identity.store.LiveConsent;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;

/**
 * {@code mh:con_ids}: the connections a data token may read, and the data scopes it carries, both as each connection's
 * consent stands when the token is made. Keycloak computes a token's scope from the request (and on refresh, from
 * the request the session began with) plus the client's default scopes; a connection whose consent was narrowed
 * since, or a data scope an admin made a default one, must not widen what the token can read. So on every token, of
 * every grant, each noted connection's consent is read again (from the node's memory of the profile's live consents,
 * which every change forgets on every node): it stays covered when it is live and shares a data scope with the
 * token, and the token keeps only the data scopes some covered connection allows ({@link ConsentedScopes}).
 */
public class CoveredConnectionsMapper extends SessionNoteClaimMapper {

    public static final String ID = "oidc-mh-connections-mapper";
    public static final String CLAIM = "mh:con_ids";

    public CoveredConnectionsMapper() {
        super(CLAIM, FlowNotes.COVERED_CONNECTIONS);
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        Set<DataScope> asked = ScopeParameter.parseDataScopes(clientSessionCtx.getScopeString());
        String noted = userSession.getNote(FlowNotes.COVERED_CONNECTIONS);
        List<String> covered = new ArrayList<>();
        Set<DataScope> usable = EnumSet.noneOf(DataScope.class);
        if (noted != null && !noted.isBlank() && !asked.isEmpty()) {
            List<String> notedIds = claimValue(noted);
            for (LiveConsent consent : session.getProvider(ConnectionProvider.class)
                    .liveConsents(userSession.getRealm(), userSession.getUser().getId())) {
                Set<DataScope> onConnection = ConsentedScopes.usable(asked, consent.dataScopes());
                if (notedIds.contains(consent.connectionId()) && !onConnection.isEmpty()) {
                    covered.add(consent.connectionId());
                    usable.addAll(onConnection);
                }
            }
        }
        if (!covered.isEmpty()) {
            token.getOtherClaims().put(CLAIM, covered);
        }
        if (token instanceof AccessToken accessToken) {
            accessToken.setScope(ScopeParameter.parse(accessToken.getScope()).withDataScopes(usable));
        }
    }

    @Override
    List<String> claimValue(String noteValue) {
        return List.of(noteValue.trim().split("\\s+"));
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Open finance: covered connections (mh:con_ids)";
    }

    @Override
    public String getHelpText() {
        return "Adds mh:con_ids, the bank connections whose data this token may read, and keeps in the token's scope only "
                + "the data scopes their current consent allows.";
    }
}
