package io.openfinance.identity.mappers;

import java.util.List;

import io.openfinance.identity.connection.FlowNotes;

/**
 * {@code mh:con_ids}: the connections a data token may read. Its data scopes are the consented ones,
 * because the flow and the grant only let consented scopes into the token; this says for which connections.
 */
public class CoveredConnectionsMapper extends SessionNoteClaimMapper {

    public static final String ID = "oidc-mh-connections-mapper";
    public static final String CLAIM = "mh:con_ids";

    public CoveredConnectionsMapper() {
        super(CLAIM, FlowNotes.COVERED_CONNECTIONS);
    }

    @Override
    Object claimValue(String noteValue) {
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
        return "Adds mh:con_ids, the bank connections whose data this token may read.";
    }
}
