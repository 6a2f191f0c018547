package io.openfinance.identity.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScopeParameterTest {

    static Stream<Arguments> scopes() {
        return Stream.of(
                Arguments.of(null, List.of(), Set.of()),
                Arguments.of("   ", List.of(), Set.of()),
                Arguments.of("openid id:sandbox accounts:read", List.of("sandbox"), Set.of(DataScope.ACCOUNTS)),
                Arguments.of("  openid\tid:a   id:b\ntransactions:read:in ", List.of("a", "b"), Set.of(DataScope.TRANSACTIONS_IN)),
                Arguments.of("id: accounts:read accounts:read", List.of(""), Set.of(DataScope.ACCOUNTS)),
                Arguments.of("ID:sandbox accounts:write transactions:read", List.of(), Set.of()),
                Arguments.of("accounts:read accounts_details:read transactions:read:all transactions:read:out", List.of(),
                        Set.of(DataScope.ACCOUNTS, DataScope.ACCOUNT_DETAILS, DataScope.TRANSACTIONS_ALL, DataScope.TRANSACTIONS_OUT)));
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void readsBanksAndDataScopes(String scope, List<String> bankIds, Set<DataScope> dataScopes) {
        ScopeParameter parsed = ScopeParameter.parse(scope);

        assertEquals(bankIds, parsed.bankIds());
        assertEquals(dataScopes.isEmpty() ? EnumSet.noneOf(DataScope.class) : EnumSet.copyOf(dataScopes), parsed.dataScopes());
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void joinsDataScopesBackToWhatItReads(String scope, List<String> bankIds, Set<DataScope> dataScopes) {
        Set<DataScope> parsed = ScopeParameter.parse(scope).dataScopes();

        assertEquals(parsed, ScopeParameter.parseDataScopes(ScopeParameter.join(parsed)));
    }

    static Stream<Arguments> permissions() {
        return Stream.of(
                Arguments.of(List.of("ReadAccountsBasic"), Set.of(DataScope.ACCOUNTS)),
                Arguments.of(List.of("ReadBalances"), Set.of(DataScope.ACCOUNTS)),
                Arguments.of(List.of("ReadAccountsDetail"), Set.of(DataScope.ACCOUNTS, DataScope.ACCOUNT_DETAILS)),
                Arguments.of(List.of("ReadTransactionsBasic"), Set.of(DataScope.TRANSACTIONS_ALL)),
                Arguments.of(List.of("ReadTransactionsDetail", "ReadTransactionsCredits"), Set.of(DataScope.TRANSACTIONS_IN)),
                Arguments.of(List.of("ReadTransactionsDebits"), Set.of(DataScope.TRANSACTIONS_OUT)),
                Arguments.of(List.of("ReadTransactionsCredits", "ReadTransactionsDebits"), Set.of(DataScope.TRANSACTIONS_ALL)),
                Arguments.of(List.of("ReadStandingOrdersBasic", "ReadParty"), Set.of()),
                Arguments.of(List.of("accounts:read", "transactions:read:out"), Set.of(DataScope.ACCOUNTS, DataScope.TRANSACTIONS_OUT)));
    }

    @ParameterizedTest
    @MethodSource("permissions")
    void readsConsentPermissionsIntoDataScopes(List<String> permissions, Set<DataScope> expected) {
        assertEquals(expected, ConsentPermissions.toDataScopes(permissions));
    }

    @ParameterizedTest
    @MethodSource("unknownPermissions")
    void refusesAPermissionItDoesNotKnow(String permission) {
        assertThrows(IllegalArgumentException.class, () -> ConsentPermissions.toDataScopes(List.of("ReadAccountsBasic", permission)));
    }

    static Stream<String> unknownPermissions() {
        return Stream.of("ReadEverything", "readaccountsbasic", "", "transactions:read", "user:create");
    }
}
