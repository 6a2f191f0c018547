package io.openfinance.identity.mappers;

import io.openfinance.identity.connection.FlowNotes;

/** {@code mh:con_id}: the connection made in the authorization flow that issued the token. */
public class ConnectionIdMapper extends SessionNoteClaimMapper {

    public static final String ID = "oidc-mh-con-id-mapper";
    public static final String CLAIM = "mh:con_id";

    public ConnectionIdMapper() {
        super(CLAIM, FlowNotes.CONNECTION_ID);
    }

    @Override
    Object claimValue(String noteValue) {
        return noteValue;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Open finance: connection id (mh:con_id)";
    }

    @Override
    public String getHelpText() {
        return "Adds mh:con_id, the bank connection made in this authorization flow.";
    }
}
