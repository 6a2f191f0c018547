package io.openfinance.identity.scope;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code permissions} of an {@code mh:consent} claim request, as the UK Open Banking permission codes
 * partners of the modelled service send, or as our own data scope names, read into data scopes.
 * Codes for data this service does not serve (beneficiaries, standing orders, ...) give no scope.
 */
public final class ConsentPermissions {

    private static final Set<String> SERVED_ELSEWHERE = Set.of("ReadBeneficiariesBasic", "ReadBeneficiariesDetail",
            "ReadDirectDebits", "ReadOffers", "ReadPAN", "ReadParty", "ReadPartyPSU", "ReadProducts",
            "ReadScheduledPaymentsBasic", "ReadScheduledPaymentsDetail", "ReadStandingOrdersBasic",
            "ReadStandingOrdersDetail", "ReadStatementsBasic", "ReadStatementsDetail");

    private ConsentPermissions() {
    }

    /** @throws IllegalArgumentException when a permission is neither a known code nor a data scope */
    public static Set<DataScope> toDataScopes(Collection<String> permissions) {
        Set<DataScope> scopes = EnumSet.noneOf(DataScope.class);
        boolean transactions = false;
        boolean credits = false;
        boolean debits = false;
        for (String permission : permissions) {
            switch (permission) {
                case "ReadAccountsBasic", "ReadBalances" -> scopes.add(DataScope.ACCOUNTS);
                case "ReadAccountsDetail" -> scopes.addAll(Set.of(DataScope.ACCOUNTS, DataScope.ACCOUNT_DETAILS));
                case "ReadTransactionsBasic", "ReadTransactionsDetail" -> transactions = true;
                case "ReadTransactionsCredits" -> credits = true;
                case "ReadTransactionsDebits" -> debits = true;
                default -> {
                    if (DataScope.isDataScope(permission)) {
                        scopes.add(DataScope.fromScope(permission).orElseThrow());
                    } else if (!SERVED_ELSEWHERE.contains(permission)) {
                        throw new IllegalArgumentException("Unknown permission in mh:consent");
                    }
                }
            }
        }
        if (transactions || credits || debits) {
            scopes.add(credits == debits ? DataScope.TRANSACTIONS_ALL
                    : credits ? DataScope.TRANSACTIONS_IN : DataScope.TRANSACTIONS_OUT);
        }
        return scopes;
    }
}
