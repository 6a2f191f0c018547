package io.openfinance.identity.ukob;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.openfinance.identity.scope.DataScope;

/**
 * The OB {@code Permissions} asked for a consent, from our data scopes the customer agreed to. The account list and
 * balances are always asked for: transactions are read per account, and our account carries its balance.
 */
final class ObPermissions {

    private ObPermissions() {
    }

    static List<String> of(Set<DataScope> scopes) {
        Set<String> permissions = new LinkedHashSet<>(List.of("ReadAccountsBasic", "ReadBalances"));
        for (DataScope scope : scopes) {
            switch (scope) {
                case ACCOUNTS -> { }
                case ACCOUNT_DETAILS -> permissions.add("ReadAccountsDetail");
                case TRANSACTIONS_ALL -> permissions.addAll(List.of("ReadTransactionsDetail", "ReadTransactionsCredits", "ReadTransactionsDebits"));
                case TRANSACTIONS_IN -> permissions.addAll(List.of("ReadTransactionsDetail", "ReadTransactionsCredits"));
                case TRANSACTIONS_OUT -> permissions.addAll(List.of("ReadTransactionsDetail", "ReadTransactionsDebits"));
            }
        }
        return List.copyOf(permissions);
    }
}
