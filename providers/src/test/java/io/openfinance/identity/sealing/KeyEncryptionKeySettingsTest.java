package io.openfinance.identity.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.Config;

/** Key-encryption keys from files and PKCS#12 keystores, and the errors that name the setting to fix. */
class KeyEncryptionKeySettingsTest {

    @TempDir
    Path dir;

    @Test
    void aKeyFileAndPreviousKeyFiles() throws Exception {
        SecretKey current = Aead.randomKey();
        SecretKey previous = Aead.randomKey();
        Path currentFile = keyFile("current", current);
        Path previousFile = keyFile("previous", previous);

        KeyEncryptionKeys keks = KeyEncryptionKeySettings.load(settings(Map.of(
                "kekFile", currentFile.toString(), "previousKekFiles", previousFile + ", ")));

        assertEquals(KeyEncryptionKey.of(current.getEncoded(), "x").id(), keks.current().id());
        assertEquals(List.of(KeyEncryptionKey.of(previous.getEncoded(), "x").id()), keks.previousIds());
        assertNotEquals(keks.current().id(), keks.previousIds().get(0));
    }

    @Test
    void theSameKeyHasTheSameIdFromAFileOrAKeystore() throws Exception {
        SecretKey current = Aead.randomKey();
        SecretKey previous = Aead.randomKey();
        Path keystore = dir.resolve("keks.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        KeyStore.ProtectionParameter password = new KeyStore.PasswordProtection("secret".toCharArray());
        store.setEntry("kek-2", new KeyStore.SecretKeyEntry(current), password);
        store.setEntry("kek-1", new KeyStore.SecretKeyEntry(previous), password);
        try (OutputStream out = Files.newOutputStream(keystore)) {
            store.store(out, "secret".toCharArray());
        }

        KeyEncryptionKeys fromStore = KeyEncryptionKeySettings.load(settings(Map.of("kekKeystore", keystore.toString(),
                "kekKeystorePassword", "secret", "kekAlias", "kek-2", "previousKekAliases", "kek-1")));
        KeyEncryptionKeys fromFiles = KeyEncryptionKeySettings.load(settings(Map.of(
                "kekFile", keyFile("current", current).toString(), "previousKekFiles", keyFile("previous", previous).toString())));

        assertEquals(fromFiles.current().id(), fromStore.current().id());
        assertEquals(fromFiles.previousIds(), fromStore.previousIds());
    }

    @Test
    void productionModeWithoutAKeyRefusesNamingTheSetting() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> KeyEncryptionKeySettings.load(settings(Map.of())));

        assertTrue(refused.getMessage().contains("--spi-open-finance-sealing--default--kek-file"), refused.getMessage());
    }

    @Test
    void anUnreadableOrShortKeyFileIsRefusedNamingTheSetting() throws Exception {
        Path shortKey = Files.writeString(dir.resolve("short"), Base64.getEncoder().encodeToString(new byte[16]));
        for (String file : List.of(dir.resolve("missing").toString(), shortKey.toString())) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> KeyEncryptionKeySettings.load(settings(Map.of("kekFile", file))));
            assertTrue(refused.getMessage().contains("--spi-open-finance-sealing--default--kek-file"), refused.getMessage());
        }
    }

    @Test
    void aWrongKeystorePasswordIsRefusedNamingTheSetting() throws Exception {
        Path keystore = dir.resolve("keks.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (OutputStream out = Files.newOutputStream(keystore)) {
            store.store(out, "secret".toCharArray());
        }

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> KeyEncryptionKeySettings.load(settings(Map.of(
                "kekKeystore", keystore.toString(), "kekKeystorePassword", "wrong", "kekAlias", "kek"))));
        assertTrue(refused.getMessage().contains("--spi-open-finance-sealing--default--kek-keystore"), refused.getMessage());
    }

    private Path keyFile(String name, SecretKey key) throws Exception {
        return Files.writeString(dir.resolve(name), Base64.getEncoder().encodeToString(key.getEncoded()) + "\n");
    }

    private static Config.Scope settings(Map<String, String> values) {
        Config.Scope scope = mock(Config.Scope.class);
        when(scope.get(anyString())).thenAnswer(call -> values.get(call.<String>getArgument(0)));
        return scope;
    }
}
