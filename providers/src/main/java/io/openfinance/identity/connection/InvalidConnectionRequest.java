package io.openfinance.identity.connection;

/** A partner request this service refuses, with the OAuth error code the partner gets. */
public final class InvalidConnectionRequest extends RuntimeException {

    private final String error;

    public InvalidConnectionRequest(String error, String description) {
        super(description);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
