package io.openfinance.identity.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The key-encryption key a production server needs for the bank tokens, as an admin makes one
 * ({@code openssl rand -base64 32 > kek}), and the {@code kc.sh start} options that name it.
 */
public final class KeyEncryptionKeyFile {

    private static final String SETTING = "--spi-open-finance-sealing--default--";

    private KeyEncryptionKeyFile() {
    }

    /** A new random 256-bit key, base64, readable by its owner only. */
    public static Path create(Path file) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The options for {@code current} as the key-encryption key and {@code previous} as keys that only unwrap. */
    public static List<String> options(Path current, List<Path> previous) {
        return previous.isEmpty() ? List.of(SETTING + "kek-file=" + current)
                : List.of(SETTING + "kek-file=" + current,
                SETTING + "previous-kek-files=" + previous.stream().map(Path::toString).collect(Collectors.joining(",")));
    }
}
