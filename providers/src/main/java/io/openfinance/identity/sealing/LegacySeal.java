package io.openfinance.identity.sealing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Opens bank tokens sealed before envelope encryption: {@code kid.iv.ciphertext}, AES-GCM under the realm's AES key
 * {@code kid} (whose secret the database holds), bound to the connection id only. Only opens: such values are re-sealed.
 */
final class LegacySeal {

    private LegacySeal() {
    }

    static String open(KeycloakSession session, RealmModel realm, String stored, String rowId, String field) {
        String[] parts = stored.split("\\.");
        if (parts.length != 3) {
            throw new IllegalStateException("Stored " + field + " of " + rowId + " is not sealed");
        }
        KeyWrapper key = session.keys().getKey(realm, parts[0], KeyUse.ENC, Algorithm.AES);
        if (key == null) {
            throw new IllegalStateException("The key that sealed " + field + " of " + rowId + " is gone");
        }
        try {
            Base64.Decoder base64 = Base64.getUrlDecoder();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.getSecretKey(), new GCMParameterSpec(128, base64.decode(parts[1])));
            cipher.updateAAD(rowId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(base64.decode(parts[2])), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(field + " of " + rowId + " could not be opened", e);
        }
    }
}
