package io.openfinance.identity.sealing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What the service keeps from banks (bank tokens, account identifiers), sealed at rest with envelope encryption:
 * AES-GCM under the realm's data key, which the database holds only wrapped by a key-encryption key from outside it
 * ({@link SealingKeys}). Bound to the row and the field it belongs to. Stored as {@code v2.<dataKeyId>.<iv+ciphertext>};
 * values sealed before, under the realm's AES key ({@link LegacySeal}), still open until re-sealed.
 */
public final class Sealer {

    /** Every value sealed the current way starts with this; anything else is the old format. */
    public static final String FORMAT = "v2.";

    private final KeycloakSession session;
    private final RealmModel realm;

    public Sealer(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** @param rowId the row the value is stored in; @param field its column: a value moved to another opens nowhere */
    public String seal(String value, String rowId, String field) {
        if (value == null) {
            return null;
        }
        DataKey key = session.getProvider(SealingKeys.class).current(realm);
        try {
            byte[] sealed = Aead.seal(key.key(), value.getBytes(StandardCharsets.UTF_8), context(rowId, field));
            return FORMAT + key.id() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(field + " of " + rowId + " could not be sealed", e);
        }
    }

    public String open(String stored, String rowId, String field) {
        if (stored == null) {
            return null;
        }
        if (!stored.startsWith(FORMAT)) {
            return LegacySeal.open(session, realm, stored, rowId, field);
        }
        String[] parts = stored.substring(FORMAT.length()).split("\\.");
        if (parts.length != 2) {
            throw new IllegalStateException("Stored " + field + " of " + rowId + " is not sealed");
        }
        DataKey key = session.getProvider(SealingKeys.class).find(realm, parts[0]);
        try {
            byte[] plain = Aead.open(key.key(), Base64.getUrlDecoder().decode(parts[1]), context(rowId, field));
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(field + " of " + rowId + " could not be opened", e);
        }
    }

    private static String context(String rowId, String field) {
        return rowId + "\n" + field;
    }
}
