package io.openfinance.identity.connection;

/** Authentication- and user-session note names the connection flow, the mappers and the grant share. */
public final class FlowNotes {

    /** Auth note: the key under which this authorization request was claimed, stored with its connection. */
    static final String AUTHORIZATION_REQUEST = "of.authz-request";
    /** Auth note: the bank the user consented to go to. */
    static final String BANK_ID = "of.bank.id";
    /** Auth note: the {@code state} we sent to the bank, single use. */
    static final String BANK_STATE = "of.bank.state";
    /** Auth note: the PKCE verifier for the bank's code. */
    static final String BANK_CODE_VERIFIER = "of.bank.verifier";
    /** Auth note: the {@code nonce} we sent to the bank, for the id token it returns. */
    static final String BANK_NONCE = "of.bank.nonce";
    /** Auth note: the bank's id of the grant being authorised, when it has one ({@link io.openfinance.identity.bank.BankAuthorization}). */
    static final String BANK_GRANT_ID = "of.bank.grant";
    /** Auth notes: the bank's tokens, sealed ({@link BankTokenNotes}), between the bank callback and the end of the flow. */
    static final String BANK_ACCESS_TOKEN = "of.bank.access";
    static final String BANK_REFRESH_TOKEN = "of.bank.refresh";
    static final String BANK_TOKEN_EXPIRES = "of.bank.expires";

    /** User-session note: the connection made in this flow, for {@code mh:con_id}. */
    public static final String CONNECTION_ID = "of.con_id";
    /** User-session note: space-separated connections a data token covers. */
    public static final String COVERED_CONNECTIONS = "of.con_ids";

    private FlowNotes() {
    }
}
