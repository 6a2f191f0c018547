package io.openfinance.identity.obsandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * The Open Banking sandbox's account-access consents, kept in Keycloak's single-use object store (shared by the
 * cluster) until some days after they end. A consent lives {@code AwaitingAuthorisation} → {@code Authorised} (by a
 * customer, for the accounts they picked) or {@code Rejected}, then {@code Revoked} (deleted by the TPP, or revoked by
 * the customer) or {@code Expired} (read past its {@code ExpirationDateTime}).
 */
final class ObConsents {

    static final String AWAITING = "AwaitingAuthorisation";
    static final String AUTHORISED = "Authorised";
    static final String REJECTED = "Rejected";
    static final String REVOKED = "Revoked";
    static final String EXPIRED = "Expired";
    private static final long KEPT_AFTER_END_SECONDS = 7 * 24 * 3600;

    /** One consent as stored. {@code accounts} empty until authorised; {@code customer} the user id that authorised it. */
    record Consent(String id, String clientId, String status, List<String> permissions, Instant expiresAt,
                   Instant transactionsFrom, Instant createdAt, Instant statusAt, String customer, List<String> accounts) {

        boolean usable(Instant now) {
            return AUTHORISED.equals(status) && expiresAt.isAfter(now);
        }

        /** The status as the bank reports it now: an authorised consent past its end is {@code Expired}. */
        String statusAt(Instant now) {
            return (AUTHORISED.equals(status) || AWAITING.equals(status)) && !expiresAt.isAfter(now) ? EXPIRED : status;
        }

        Consent with(String newStatus, String newCustomer, List<String> newAccounts) {
            return new Consent(id, clientId, newStatus, permissions, expiresAt, transactionsFrom, createdAt, Instant.now(),
                    newCustomer, newAccounts);
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    ObConsents(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    Consent create(String clientId, List<String> permissions, Instant expiresAt, Instant transactionsFrom) {
        Instant now = Instant.now();
        Consent consent = new Consent("obc-" + UUID.randomUUID(), clientId, AWAITING, permissions, expiresAt, transactionsFrom,
                now, now, null, List.of());
        store().put(key(consent.id()), lifespan(consent), toMap(consent));
        return consent;
    }

    Optional<Consent> find(String consentId) {
        if (consentId == null || consentId.length() > 64) {
            return Optional.empty();
        }
        return Optional.ofNullable(store().get(key(consentId))).map(stored -> fromMap(consentId, stored));
    }

    void save(Consent consent) {
        store().replace(key(consent.id()), toMap(consent));
    }

    /** The {@code x-fapi-auth-date} the TPP last sent with this consent's data calls: for the sandbox's controls. */
    void recordAuthDate(Consent consent, String authDate) {
        if (!authDate.equals(authDate(consent.id()).orElse(null))) {
            store().put(authDateKey(consent.id()), lifespan(consent), Map.of("authDate", authDate));
        }
    }

    Optional<String> authDate(String consentId) {
        return Optional.ofNullable(store().get(authDateKey(consentId))).map(stored -> stored.get("authDate"));
    }

    /** The consents a customer authorised, newest last: for the sandbox's controls. */
    List<String> ofCustomer(String userId) {
        Map<String, String> index = store().get(customerKey(userId));
        return index == null ? List.of() : List.of(index.get("consents").split(" "));
    }

    /** Adds a consent to the customer's list and drops those the store no longer keeps: the list never outgrows them. */
    void indexForCustomer(String userId, String consentId) {
        List<String> kept = new ArrayList<>(ofCustomer(userId).stream().filter(id -> find(id).isPresent()).toList());
        kept.add(consentId);
        store().put(customerKey(userId), KEPT_AFTER_END_SECONDS * 52, Map.of("consents", String.join(" ", kept)));
    }

    private SingleUseObjectProvider store() {
        return session.singleUseObjects();
    }

    private String key(String consentId) {
        return "ob-sandbox-consent:" + realm.getId() + ":" + consentId;
    }

    private String authDateKey(String consentId) {
        return "ob-sandbox-auth-date:" + realm.getId() + ":" + consentId;
    }

    private String customerKey(String userId) {
        return "ob-sandbox-customer:" + realm.getId() + ":" + userId;
    }

    private static long lifespan(Consent consent) {
        return Math.max(60, consent.expiresAt().getEpochSecond() - Instant.now().getEpochSecond()) + KEPT_AFTER_END_SECONDS;
    }

    private static Map<String, String> toMap(Consent consent) {
        Map<String, String> map = new HashMap<>();
        map.put("clientId", consent.clientId());
        map.put("status", consent.status());
        map.put("permissions", String.join(" ", consent.permissions()));
        map.put("expiresAt", consent.expiresAt().toString());
        if (consent.transactionsFrom() != null) {
            map.put("transactionsFrom", consent.transactionsFrom().toString());
        }
        map.put("createdAt", consent.createdAt().toString());
        map.put("statusAt", consent.statusAt().toString());
        if (consent.customer() != null) {
            map.put("customer", consent.customer());
        }
        map.put("accounts", String.join(" ", consent.accounts()));
        return map;
    }

    private static Consent fromMap(String id, Map<String, String> map) {
        return new Consent(id, map.get("clientId"), map.get("status"), words(map.get("permissions")),
                Instant.parse(map.get("expiresAt")), map.containsKey("transactionsFrom") ? Instant.parse(map.get("transactionsFrom")) : null,
                Instant.parse(map.get("createdAt")), Instant.parse(map.get("statusAt")), map.get("customer"), words(map.get("accounts")));
    }

    private static List<String> words(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(" "));
    }
}
