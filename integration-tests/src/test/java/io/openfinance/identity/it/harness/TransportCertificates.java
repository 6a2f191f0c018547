package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The development suite's server as UK banks see it over TLS, set up as docs/admins.md says: Keycloak's outgoing HTTP
 * client presents our transport certificate (an OBWAC issued by a test "directory" authority), and Keycloak's truststore
 * holds the banks' test authority. Made with {@link TestPki} once per test run, before the server starts, in
 * {@code target/transport-pki}; UkOpenBankingTransportIT issues its banks' certificates from the same PKI. Harmless to
 * every other test: the certificate goes only to a server that asks for one of the directory's, and Keycloak trusts the
 * banks' authority beside the system's.
 */
public final class TransportCertificates {

    public static final String BANKS_AUTHORITY = "test-bank-ca";
    public static final String DIRECTORY_AUTHORITY = "test-directory-ca";
    public static final String OBWAC_SUBJECT = "CN=identity-service-obwac,O=Open Finance IT";
    private static final String PASSWORD = "it-" + Long.toHexString(System.nanoTime());

    private static TransportCertificates made;

    private final Path folder;
    private final TestPki pki;
    private final List<String> serverOptions;

    private TransportCertificates(Path folder) {
        this.folder = folder;
        pki = new TestPki(folder, PASSWORD);
        Path banksAuthority = pki.authority(BANKS_AUTHORITY);
        pki.authority(DIRECTORY_AUTHORITY);
        Path obwac = pki.certificate("obwac", OBWAC_SUBJECT, DIRECTORY_AUTHORITY, "eku=clientAuth");
        serverOptions = List.of("--truststore-paths=" + banksAuthority,
                "--spi-connections-http-client--default--client-keystore=" + obwac,
                "--spi-connections-http-client--default--client-keystore-password=" + PASSWORD,
                "--spi-connections-http-client--default--client-key-password=" + PASSWORD);
    }

    /** Made on first use, in a folder emptied first: a store of an earlier run has another password. */
    public static synchronized TransportCertificates get() {
        if (made == null) {
            Path folder = Path.of(System.getProperty("server.log")).resolveSibling("transport-pki");
            empty(folder);
            made = new TransportCertificates(folder);
        }
        return made;
    }

    /** The PKI, to issue the banks' certificates and TLS contexts. */
    public TestPki pki() {
        return pki;
    }

    /** Keycloak's options that install them. */
    List<String> serverOptions() {
        return serverOptions;
    }

    /** Where the files are, which the options name. */
    Path folder() {
        return folder;
    }

    private static void empty(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
