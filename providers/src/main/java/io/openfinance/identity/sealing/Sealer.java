package io.openfinance.identity.sealing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What the service keeps from banks (bank tokens, account identifiers), sealed at rest: AES-GCM under the realm's
 * active AES key from Keycloak's own key management, bound to the row and the field it belongs to.
 * Stored as {@code kid.iv.ciphertext}; older keys keep opening what they sealed while they exist.
 */
public final class Sealer {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

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
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.ENC, Algorithm.AES);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, key, iv, rowId, field, value.getBytes(StandardCharsets.UTF_8));
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return key.getKid() + "." + base64.encodeToString(iv) + "." + base64.encodeToString(sealed);
    }

    public String open(String stored, String rowId, String field) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split("\\.");
        if (parts.length != 3) {
            throw new IllegalStateException("Stored " + field + " of " + rowId + " is not sealed");
        }
        KeyWrapper key = session.keys().getKey(realm, parts[0], KeyUse.ENC, Algorithm.AES);
        if (key == null) {
            throw new IllegalStateException("The key that sealed " + field + " of " + rowId + " is gone");
        }
        Base64.Decoder base64 = Base64.getUrlDecoder();
        byte[] plain = crypt(Cipher.DECRYPT_MODE, key, base64.decode(parts[1]), rowId, field, base64.decode(parts[2]));
        return new String(plain, StandardCharsets.UTF_8);
    }

    private static byte[] crypt(int mode, KeyWrapper key, byte[] iv, String rowId, String field, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, key.getSecretKey(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD((rowId + "\n" + field).getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(field + " of " + rowId + " could not be " +
                    (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened"), e);
        }
    }
}
