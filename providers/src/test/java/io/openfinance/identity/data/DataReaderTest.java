package io.openfinance.identity.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.IdentityProviderStorageProvider;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;

import io.openfinance.identity.bank.BankAccount;
import io.openfinance.identity.bank.BankConnector;
import io.openfinance.identity.bank.BankTransaction;
import io.openfinance.identity.demo.DemoDataGuard;
import io.openfinance.identity.scope.DataScope;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.BankTokens;
import io.openfinance.identity.store.ConnectionProvider;

/**
 * What the Data API lets a token see: the connections it covers and that still live, and of those only what both the
 * token's scopes and the connection's consent allow. The bank and the store are stand-ins; the filtering is the real one.
 */
@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class DataReaderTest {

    private static final String PROFILE = "profile-1";
    private static final Instant NOW = Instant.now();
    private static final Instant LAST_WEEK = NOW.minus(7, ChronoUnit.DAYS);
    private static final Instant LAST_YEAR = NOW.minus(365, ChronoUnit.DAYS);

    @Mock
    private KeycloakSession session;
    @Mock
    private KeycloakContext context;
    @Mock
    private RealmModel realm;
    @Mock
    private ConnectionProvider connections;
    @Mock
    private IdentityProviderStorageProvider identityProviders;
    @Mock
    private BankConnector bank;

    private final Map<String, BankConnection> stored = new HashMap<>();

    @BeforeEach
    void oneBankWithAnAccountThatHasMoneyInAndOut() throws Exception {
        when(session.getContext()).thenReturn(context);
        when(context.getRealm()).thenReturn(realm);
        when(session.getProvider(ConnectionProvider.class)).thenReturn(connections);
        when(session.identityProviders()).thenReturn(identityProviders);
        when(session.getProvider(DemoDataGuard.class)).thenReturn(new DemoDataGuard(false));
        when(identityProviders.getByAlias("acme")).thenReturn(acmeBank());
        when(session.getProvider(BankConnector.class, "oauth-data-api")).thenReturn(bank);
        when(connections.find(eq(realm), eq(PROFILE), any())).thenAnswer(call -> Optional.ofNullable(stored.get(call.<String>getArgument(2))));
        when(connections.tokens(eq(realm), any())).thenReturn(Optional.of(new BankTokens("bank-token", null, null)));
        when(bank.accounts(any(), eq("bank-token"))).thenReturn(List.of(new BankAccount("acc-1", "Current", BankAccount.Kind.CURRENT,
                false, "GBP", 10_000, LocalDate.now(), new BankAccount.Details("A Holder", "01-02-03", "12345678", null))));
        when(bank.transactions(any(), eq("acc-1"), eq("bank-token"))).thenReturn(List.of(
                new BankTransaction("salary", 250_000, "GBP", LAST_WEEK, "Salary", false),
                new BankTransaction("rent", -120_000, "GBP", LAST_WEEK.plusSeconds(60), "Rent", false),
                new BankTransaction("old", -500, "GBP", LAST_YEAR, "Coffee", false)));
    }

    @Test
    void theTokenScopeNarrowsWhatTheConsentAllows() {
        connection("c1", Set.of(DataScope.TRANSACTIONS_ALL), NOW.plus(30, ChronoUnit.DAYS), null);

        assertEquals(List.of("salary"), ids(reader(List.of("c1"), DataScope.TRANSACTIONS_IN)));
        assertEquals(List.of("rent", "old"), ids(reader(List.of("c1"), DataScope.TRANSACTIONS_OUT)));
        assertEquals(List.of("rent", "salary", "old"), ids(reader(List.of("c1"), DataScope.TRANSACTIONS_ALL)), "newest first");
    }

    @Test
    void theConsentNarrowsWhatTheTokenAsksFor() {
        connection("c1", Set.of(DataScope.TRANSACTIONS_OUT), NOW.plus(30, ChronoUnit.DAYS), null);

        assertEquals(List.of("rent", "old"), ids(reader(List.of("c1"), DataScope.TRANSACTIONS_ALL)));
    }

    @Test
    void accountsOfAConnectionNotConsentedForThemAreNotShown() {
        connection("transactionsOnly", Set.of(DataScope.TRANSACTIONS_ALL), NOW.plus(30, ChronoUnit.DAYS), null);
        connection("accounts", Set.of(DataScope.ACCOUNTS), NOW.plus(30, ChronoUnit.DAYS), null);

        assertTrue(reader(List.of("transactionsOnly"), DataScope.ACCOUNTS).account(new AccountId("transactionsOnly", "acc-1")).isEmpty());
        assertEquals(List.of("accounts"), reader(List.of("transactionsOnly", "accounts"), DataScope.ACCOUNTS).accounts().stream()
                .map(a -> a.get("connectionId")).toList());
    }

    @Test
    void transactionsBeforeTheConsentedHistoryAndOutsideTheDatesAreLeftOut() {
        connection("c1", Set.of(DataScope.TRANSACTIONS_ALL), NOW.plus(30, ChronoUnit.DAYS), NOW.minus(30, ChronoUnit.DAYS));
        DataReader reader = reader(List.of("c1"), DataScope.TRANSACTIONS_ALL);

        assertEquals(List.of("rent", "salary"), ids(reader));
        List<Map<String, Object>> onlyTheMinuteAfterSalary = reader.transactions(null, date -> date.isAfter(LAST_WEEK)).orElseThrow();
        assertEquals(List.of("rent"), onlyTheMinuteAfterSalary.stream().map(this::bankTransactionId).toList());
    }

    @Test
    void onlyCoveredLiveConnectionsAreRead() {
        connection("covered", Set.of(DataScope.ACCOUNTS, DataScope.TRANSACTIONS_ALL), NOW.plus(30, ChronoUnit.DAYS), null);
        connection("other", Set.of(DataScope.ACCOUNTS, DataScope.TRANSACTIONS_ALL), NOW.plus(30, ChronoUnit.DAYS), null);
        connection("expired", Set.of(DataScope.ACCOUNTS, DataScope.TRANSACTIONS_ALL), NOW.minusSeconds(1), null);
        DataReader reader = reader(List.of("covered", "expired"), DataScope.ACCOUNTS, DataScope.TRANSACTIONS_ALL);

        assertEquals(List.of("covered"), reader.accounts().stream().map(a -> a.get("connectionId")).toList());
        assertTrue(reader.transactions(new AccountId("other", "acc-1"), date -> true).isEmpty(), "a connection the token does not cover");
        assertTrue(reader.transactions(new AccountId("expired", "acc-1"), date -> true).isEmpty(), "an expired connection");
        assertTrue(reader.transactions(new AccountId("covered", "acc-9"), date -> true).isEmpty(), "an account the bank does not list");
        assertTrue(reader.account(new AccountId("other", "acc-1")).isEmpty());
    }

    @Test
    void accountDetailsNeedBothTheScopeAndTheConsent() {
        connection("consented", Set.of(DataScope.ACCOUNTS, DataScope.ACCOUNT_DETAILS), NOW.plus(30, ChronoUnit.DAYS), null);
        connection("notConsented", Set.of(DataScope.ACCOUNTS), NOW.plus(30, ChronoUnit.DAYS), null);

        assertTrue(reader(List.of("consented"), DataScope.ACCOUNTS, DataScope.ACCOUNT_DETAILS).accounts().get(0).containsKey("details"));
        assertFalse(reader(List.of("consented"), DataScope.ACCOUNTS).accounts().get(0).containsKey("details"));
        assertFalse(reader(List.of("notConsented"), DataScope.ACCOUNTS, DataScope.ACCOUNT_DETAILS).accounts().get(0).containsKey("details"));
    }

    private void connection(String id, Set<DataScope> consented, Instant expiresAt, Instant transactionsFrom) {
        stored.put(id, new BankConnection(id, PROFILE, "acme", LAST_YEAR, LAST_YEAR, expiresAt, transactionsFrom, consented,
                null, null, List.of()));
    }

    private DataReader reader(List<String> covered, DataScope... granted) {
        return new DataReader(session, PROFILE, covered, Set.of(granted));
    }

    private List<String> ids(DataReader reader) {
        return reader.transactions(null, date -> true).orElseThrow().stream().map(this::bankTransactionId).toList();
    }

    private String bankTransactionId(Map<String, Object> shown) {
        return TransactionId.parse((String) shown.get("id")).bankTransactionId();
    }

    private static IdentityProviderModel acmeBank() {
        IdentityProviderModel model = new IdentityProviderModel();
        model.setAlias("acme");
        model.setProviderId("oidc");
        model.setDisplayName("Acme Bank");
        model.setEnabled(true);
        model.setConfig(new HashMap<>(Map.of("authorizationUrl", "https://acme.example/auth", "tokenUrl", "https://acme.example/token",
                "clientId", "us", "clientAuthMethod", "private_key_jwt", "dataApiUrl", "https://acme.example/api")));
        return model;
    }
}
