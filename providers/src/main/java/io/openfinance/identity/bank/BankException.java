package io.openfinance.identity.bank;

/** A bank call that did not give what was asked. {@link #refused()} tells a bank's "no" from a bank that is down. */
public final class BankException extends Exception {

    private final boolean refused;

    private BankException(String message, boolean refused, Throwable cause) {
        super(message, cause);
        this.refused = refused;
    }

    public static BankException refused(String message) {
        return new BankException(message, true, null);
    }

    public static BankException unavailable(String message, Throwable cause) {
        return new BankException(message, false, cause);
    }

    public boolean refused() {
        return refused;
    }
}
