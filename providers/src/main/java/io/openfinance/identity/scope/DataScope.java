package io.openfinance.identity.scope;

import java.util.Arrays;
import java.util.Optional;

/** The bank-data permissions a partner can ask for, with the words the consent page shows. */
public enum DataScope {
    ACCOUNTS("accounts:read", "See your account names, numbers and balances"),
    ACCOUNT_DETAILS("accounts_details:read", "See the details of your accounts, such as holder names and addresses"),
    TRANSACTIONS_ALL("transactions:read:all", "See all your transactions, money in and money out"),
    TRANSACTIONS_IN("transactions:read:in", "See the money coming into your accounts"),
    TRANSACTIONS_OUT("transactions:read:out", "See the money going out of your accounts");

    /** Not a data scope: lets a data token ask for a sync of its connections ({@code POST /data/sync/{id}}). */
    public static final String SYNC = "accounts:write:all";

    private final String scope;
    private final String plainWords;

    DataScope(String scope, String plainWords) {
        this.scope = scope;
        this.plainWords = plainWords;
    }

    public String scope() {
        return scope;
    }

    public String plainWords() {
        return plainWords;
    }

    public static Optional<DataScope> fromScope(String scope) {
        return Arrays.stream(values()).filter(d -> d.scope.equals(scope)).findFirst();
    }

    public static boolean isDataScope(String scope) {
        return fromScope(scope).isPresent();
    }

    /** Whether this scope lets its holder read transactions going in the given direction ("in" or "out"). */
    public boolean allowsTransactionDirection(String direction) {
        return switch (this) {
            case TRANSACTIONS_ALL -> true;
            case TRANSACTIONS_IN -> "in".equals(direction);
            case TRANSACTIONS_OUT -> "out".equals(direction);
            default -> false;
        };
    }
}
