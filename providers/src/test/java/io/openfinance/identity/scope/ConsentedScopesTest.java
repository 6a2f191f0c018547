package io.openfinance.identity.scope;

import static io.openfinance.identity.scope.DataScope.ACCOUNTS;
import static io.openfinance.identity.scope.DataScope.ACCOUNT_DETAILS;
import static io.openfinance.identity.scope.DataScope.TRANSACTIONS_ALL;
import static io.openfinance.identity.scope.DataScope.TRANSACTIONS_IN;
import static io.openfinance.identity.scope.DataScope.TRANSACTIONS_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConsentedScopesTest {

    static Stream<Arguments> intersections() {
        return Stream.of(
                Arguments.of(Set.of(ACCOUNTS, ACCOUNT_DETAILS), Set.of(ACCOUNTS), Set.of(ACCOUNTS)),
                Arguments.of(Set.of(ACCOUNTS), Set.of(TRANSACTIONS_ALL), Set.of()),
                Arguments.of(Set.of(TRANSACTIONS_IN), Set.of(TRANSACTIONS_ALL), Set.of(TRANSACTIONS_IN)),
                Arguments.of(Set.of(TRANSACTIONS_ALL), Set.of(TRANSACTIONS_OUT), Set.of(TRANSACTIONS_OUT)),
                Arguments.of(Set.of(TRANSACTIONS_IN), Set.of(TRANSACTIONS_OUT), Set.of()),
                Arguments.of(Set.of(ACCOUNTS, TRANSACTIONS_ALL), Set.of(ACCOUNTS, ACCOUNT_DETAILS, TRANSACTIONS_ALL),
                        Set.of(ACCOUNTS, TRANSACTIONS_ALL)));
    }

    @ParameterizedTest
    @MethodSource("intersections")
    void aTokenMayUseOnAConnectionWhatBothItAndTheConsentAllow(Set<DataScope> token, Set<DataScope> consented, Set<DataScope> usable) {
        assertEquals(usable, ConsentedScopes.usable(token, consented));
    }

    @Test
    void aConnectionAllowsAllOnlyWhenItsConsentCoversEachScopeAsked() {
        assertTrue(ConsentedScopes.allowsAll(Set.of(ACCOUNTS, TRANSACTIONS_ALL), Set.of(ACCOUNTS, TRANSACTIONS_IN)));
        assertFalse(ConsentedScopes.allowsAll(Set.of(ACCOUNTS, TRANSACTIONS_IN), Set.of(TRANSACTIONS_ALL)));
        assertFalse(ConsentedScopes.allowsAll(Set.of(ACCOUNTS), Set.of(ACCOUNTS, ACCOUNT_DETAILS)));
    }
}
