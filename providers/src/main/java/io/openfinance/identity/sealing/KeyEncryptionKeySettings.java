package io.openfinance.identity.sealing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Environment;

/**
 * Where the key-encryption keys come from: files holding a base64 256-bit key ({@code kek-file},
 * {@code previous-kek-files}) or entries of a PKCS#12 keystore ({@code kek-keystore}, {@code kek-keystore-password},
 * {@code kek-alias}, {@code previous-kek-aliases}). Never the database. Without any, development mode makes a key
 * file under the server's data folder; production mode refuses to start.
 */
final class KeyEncryptionKeySettings {

    private static final Logger LOG = Logger.getLogger(KeyEncryptionKeySettings.class);
    static final String PREFIX = "--spi-open-finance-sealing--default--";
    static final String KEK_FILE = "kek-file";
    static final String PREVIOUS_KEK_FILES = "previous-kek-files";
    static final String KEK_KEYSTORE = "kek-keystore";
    static final String KEK_KEYSTORE_PASSWORD = "kek-keystore-password";
    static final String KEK_ALIAS = "kek-alias";
    static final String PREVIOUS_KEK_ALIASES = "previous-kek-aliases";

    private KeyEncryptionKeySettings() {
    }

    static KeyEncryptionKeys load(Config.Scope config) {
        String file = setting(config, KEK_FILE);
        String keystore = setting(config, KEK_KEYSTORE);
        if (file != null && keystore != null) {
            throw new IllegalStateException("Set " + PREFIX + KEK_FILE + " or " + PREFIX + KEK_KEYSTORE + ", not both");
        }
        if (keystore != null) {
            return fromKeystore(config, Path.of(keystore));
        }
        if (file == null) {
            if (!Environment.isDevMode()) {
                throw new IllegalStateException("No key-encryption key for the bank tokens: set " + PREFIX + KEK_FILE
                        + " to a file holding a base64 256-bit key (openssl rand -base64 32), or " + PREFIX + KEK_KEYSTORE
                        + " with " + PREFIX + KEK_KEYSTORE_PASSWORD + " and " + PREFIX + KEK_ALIAS);
            }
            file = developmentKeyFile().toString();
        }
        return new KeyEncryptionKeys(fromFile(Path.of(file), KEK_FILE),
                list(config, PREVIOUS_KEK_FILES).stream().map(previous -> fromFile(Path.of(previous), PREVIOUS_KEK_FILES)).toList());
    }

    private static KeyEncryptionKey fromFile(Path file, String setting) {
        String source = PREFIX + setting + " (" + file + ")";
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            return KeyEncryptionKey.of(bytes, source);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not a readable file holding a base64 256-bit key: " + e.getMessage(), e);
        }
    }

    private static KeyEncryptionKeys fromKeystore(Config.Scope config, Path file) {
        String password = setting(config, KEK_KEYSTORE_PASSWORD);
        String alias = setting(config, KEK_ALIAS);
        if (password == null || alias == null) {
            throw new IllegalStateException(PREFIX + KEK_KEYSTORE + " needs " + PREFIX + KEK_KEYSTORE_PASSWORD + " and " + PREFIX + KEK_ALIAS);
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return new KeyEncryptionKeys(entry(store, alias, password, KEK_ALIAS),
                    list(config, PREVIOUS_KEK_ALIASES).stream().map(previous -> entry(store, previous, password, PREVIOUS_KEK_ALIASES)).toList());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(PREFIX + KEK_KEYSTORE + " (" + file + ") is not a PKCS#12 keystore that opens with "
                    + PREFIX + KEK_KEYSTORE_PASSWORD + ": " + e.getMessage(), e);
        }
    }

    private static KeyEncryptionKey entry(KeyStore store, String alias, String password, String setting) {
        String source = PREFIX + setting + " (" + alias + ")";
        try {
            Key key = store.getKey(alias, password.toCharArray());
            if (key == null || key.getEncoded() == null) {
                throw new IllegalStateException(source + " names no secret key in " + PREFIX + KEK_KEYSTORE);
            }
            return KeyEncryptionKey.of(key.getEncoded(), source);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not a 256-bit AES key in " + PREFIX + KEK_KEYSTORE + ": " + e.getMessage(), e);
        }
    }

    /** Development mode only: a key made on first start and kept with the server's other data. */
    private static Path developmentKeyFile() {
        Path file = Path.of(System.getProperty("kc.home.dir", "."), "data", "open-finance", "kek").toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            try {
                Files.createDirectories(file.getParent());
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(Aead.randomKey().getEncoded()) + "\n");
            } catch (IOException e) {
                throw new IllegalStateException("Development mode could not make a key-encryption key at " + file + ": " + e.getMessage(), e);
            }
            LOG.warnf("Development mode: made a key-encryption key for the bank tokens at %s. Production mode needs %s%s",
                    file, PREFIX, KEK_FILE);
        }
        return file;
    }

    private static List<String> list(Config.Scope config, String setting) {
        String value = setting(config, setting);
        return value == null ? List.of()
                : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Keycloak's SPI settings are asked for in camel case: {@code kek-file} as {@code kekFile}. */
    static String setting(Config.Scope config, String name) {
        return config.get(Pattern.compile("-(\\w)").matcher(name).replaceAll(m -> m.group(1).toUpperCase(Locale.ROOT)));
    }
}
