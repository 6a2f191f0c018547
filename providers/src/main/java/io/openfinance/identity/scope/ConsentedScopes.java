package io.openfinance.identity.scope;

import java.util.EnumSet;
import java.util.Set;

/**
 * The one rule that bounds every token and every Data API read by consent: on a connection, a token may use the data
 * scopes it carries that the connection's consent, as stored now, also allows. {@code transactions:read:all} allows
 * both directions, so it and {@code transactions:read:in} meet in {@code transactions:read:in}.
 */
public final class ConsentedScopes {

    private ConsentedScopes() {
    }

    /** What a token with {@code tokenScopes} may use on a connection consented for {@code consented}. */
    public static Set<DataScope> usable(Set<DataScope> tokenScopes, Set<DataScope> consented) {
        Set<DataScope> usable = EnumSet.noneOf(DataScope.class);
        for (DataScope scope : tokenScopes) {
            if (consented.contains(scope) || isOneDirection(scope) && consented.contains(DataScope.TRANSACTIONS_ALL)) {
                usable.add(scope);
            } else if (scope == DataScope.TRANSACTIONS_ALL) {
                consented.stream().filter(ConsentedScopes::isOneDirection).forEach(usable::add);
            }
        }
        return usable;
    }

    /** Whether a connection consented for {@code consented} allows every one of {@code asked}. */
    public static boolean allowsAll(Set<DataScope> consented, Set<DataScope> asked) {
        return usable(asked, consented).containsAll(asked);
    }

    private static boolean isOneDirection(DataScope scope) {
        return scope == DataScope.TRANSACTIONS_IN || scope == DataScope.TRANSACTIONS_OUT;
    }
}
