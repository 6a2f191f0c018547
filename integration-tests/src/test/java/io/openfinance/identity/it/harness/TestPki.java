package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificate authorities and certificates made at test time with the JDK's {@code keytool}, in a folder of the test's
 * own: each authority a PKCS#12 store and its certificate as PEM; each certificate a PKCS#12 store holding its key and
 * chain, issued by one of the authorities. Nothing here lives longer than two days.
 */
public final class TestPki {

    private static final String VALIDITY_DAYS = "2";
    private final Path folder;
    private final String password;

    public TestPki(Path folder, String password) {
        this.folder = folder;
        this.password = password;
    }

    /** @return the authority's certificate, PEM */
    public Path authority(String name) {
        Path store = folder.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", "ca", "-dname", "CN=" + name, "-keyalg", "RSA", "-keysize", "2048",
                "-validity", VALIDITY_DAYS, "-ext", "bc:c", "-keystore", store.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", store.toString(), "-file", pem(name).toString());
        return pem(name);
    }

    /**
     * A key and a certificate for {@code subject} issued by {@code authority}, e.g. {@code san=dns:localhost} and
     * {@code eku=serverAuth} as {@code extensions}.
     *
     * @return its PKCS#12 store (password as this PKI's), the authority's certificate in its chain
     */
    public Path certificate(String name, String subject, String authority, String... extensions) {
        Path store = folder.resolve(name + ".p12");
        Path request = folder.resolve(name + ".csr");
        Path issued = folder.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-dname", subject, "-keyalg", "RSA", "-keysize", "2048",
                "-validity", VALIDITY_DAYS, "-keystore", store.toString());
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-file", request.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", folder.resolve(authority + ".p12").toString(),
                "-infile", request.toString(), "-outfile", issued.toString(), "-rfc", "-validity", VALIDITY_DAYS));
        for (String extension : extensions) {
            gencert.addAll(List.of("-ext", extension));
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", pem(authority).toString(), "-keystore", store.toString());
        keytool("-importcert", "-alias", name, "-file", issued.toString(), "-keystore", store.toString());
        return store;
    }

    /** A TLS context that presents {@code certificate} (none when null) and trusts only {@code trustedAuthority}. */
    public SSLContext context(Path certificate, String trustedAuthority) {
        try {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(certificate == null ? null : load(certificate), password.toCharArray());
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("trusted", load(folder.resolve(trustedAuthority + ".p12")).getCertificate("ca"));
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore load(Path store) throws GeneralSecurityException, IOException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, password.toCharArray());
        }
        return keyStore;
    }

    private Path pem(String authority) {
        return folder.resolve(authority + ".crt");
    }

    private void keytool(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", password, "-keypass", password));
        try {
            Files.createDirectories(folder);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
