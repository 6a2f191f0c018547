package io.openfinance.identity.sandbox;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What a sandbox bank customer is there to show a partner, named by the user attribute {@value #ATTRIBUTE};
 * a customer without it is a happy one. Scenarios act only in realms marked {@value #SANDBOX_REALM_ATTRIBUTE},
 * so none of this can change a real realm's logins or tokens.
 */
public enum Scenario {
    HAPPY("happy"),
    REFUSED_LOGIN("refused-login"),
    EXPIRING_TOKEN("expiring-token"),
    REVOKED_REFRESH("revoked-refresh"),
    DATA_API_DOWN("data-api-down"),
    BUSY("busy"),
    /**
     * The bank's data API takes {@link #SLOW_READ} to answer each of this customer's reads, within the 5 seconds
     * Keycloak's HTTP client waits by default: for a sync in flight, e.g. on a node killed mid-sync.
     */
    SLOW("slow"),
    BUSINESS("business"),
    /** Accounts in currencies of three exponents: GBP (2), JPY (0), BHD (3). */
    MULTI_CURRENCY("multi-currency"),
    /** One account of {@value SandboxLedger#LARGE_ACCOUNT_TRANSACTIONS} transactions: what a sync of a large account costs. */
    LARGE_ACCOUNT("large-account"),
    /** The Open Banking sandbox answers this customer's data calls without echoing {@code x-fapi-interaction-id}. */
    NO_INTERACTION_ECHO("no-interaction-echo"),
    /** The bank's id tokens for this customer carry another nonce than the one the client sent. */
    WRONG_NONCE("wrong-nonce");

    static final String ATTRIBUTE = "sandboxScenario";
    static final Duration SLOW_READ = Duration.ofSeconds(3);
    static final String SANDBOX_REALM_ATTRIBUTE = "of.sandboxBank";

    private final String value;

    Scenario(String value) {
        this.value = value;
    }

    public static boolean isSandbox(RealmModel realm) {
        return Boolean.parseBoolean(realm.getAttribute(SANDBOX_REALM_ATTRIBUTE));
    }

    /** The customer's scenario; empty outside a sandbox realm. An unknown attribute value is a happy customer. */
    public static Optional<Scenario> of(RealmModel realm, UserModel user) {
        if (!isSandbox(realm)) {
            return Optional.empty();
        }
        String configured = user.getFirstAttribute(ATTRIBUTE);
        return Optional.of(Arrays.stream(values()).filter(s -> s.value.equals(configured)).findFirst().orElse(HAPPY));
    }

    /** The bank's access tokens for this customer are expired when issued, so every data call needs a refresh first. */
    boolean tokensExpireAtOnce() {
        return this == EXPIRING_TOKEN || this == REVOKED_REFRESH;
    }
}
