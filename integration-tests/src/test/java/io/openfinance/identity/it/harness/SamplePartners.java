package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * The sample partners as the shipped realm file defines them ({@code identity-realm.json}, on the
 * test classpath), and the private keys {@code src/test/resources} holds for them.
 */
public final class SamplePartners {

    private static final String REALM_FILE = "/identity-realm.json";

    private SamplePartners() {
    }

    /** The client's representation in the realm file, or null when the realm has no such client. */
    public static JsonNode client(String clientId) {
        try (InputStream realm = SamplePartners.class.getResourceAsStream(REALM_FILE)) {
            for (JsonNode client : Http.JSON.readTree(realm).path("clients")) {
                if (client.path("clientId").asText().equals(clientId)) {
                    return client;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String redirectUri(JsonNode client) {
        return client.path("redirectUris").path(0).asText();
    }

    /** A JWKS file of the client's private keys and the request object algorithm; or why there is none. */
    public record PrivateKeys(Path file, String requestObjectAlgorithm, String problem) {
    }

    /**
     * Finds, among the test resources, the private JWKs whose key ids are in the client's registered
     * JWKS, and writes them to a JWKS file in {@code dir}.
     */
    public static PrivateKeys privateKeys(JsonNode client, Path dir) {
        String clientId = client.path("clientId").asText();
        Set<String> registered = registeredKeyIds(client);
        if (!Files.isDirectory(resourcesDir())) {
            return new PrivateKeys(null, null, "no " + resourcesDir() + " with " + clientId + "'s private key");
        }
        try (Stream<Path> files = Files.walk(resourcesDir())) {
            List<JWK> keys = files.filter(file -> file.getFileName().toString().matches(".*\\.(json|jwk|jwks)"))
                    .flatMap(file -> jwks(file).stream())
                    .flatMap(set -> set.getKeys().stream())
                    .filter(key -> key.isPrivate() && registered.contains(key.getKeyID()))
                    .toList();
            if (keys.isEmpty()) {
                return new PrivateKeys(null, null, "no private JWK with a key id of " + clientId + "'s JWKS " + registered
                        + " in integration-tests/src/test/resources");
            }
            String algorithm = client.path("attributes").path("request.object.signature.alg").asText(
                    keys.get(0).getAlgorithm() == null ? "" : keys.get(0).getAlgorithm().getName());
            if (algorithm.isEmpty()) {
                return new PrivateKeys(null, null, clientId + " names no request object signature algorithm");
            }
            Path file = Files.writeString(dir.resolve(clientId + "-private.jwks.json"), new JWKSet(keys).toString(false));
            return new PrivateKeys(file, algorithm, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> registeredKeyIds(JsonNode client) {
        try {
            return JWKSet.parse(client.path("attributes").path("jwks.string").asText("{}")).getKeys().stream()
                    .map(JWK::getKeyID).collect(Collectors.toSet());
        } catch (ParseException e) {
            return Set.of();
        }
    }

    private static Optional<JWKSet> jwks(Path file) {
        try {
            String json = Files.readString(file);
            return Optional.of(json.contains("\"keys\"") ? JWKSet.parse(json) : new JWKSet(JWK.parse(json)));
        } catch (IOException | ParseException | RuntimeException notAKeyFile) {
            return Optional.empty();
        }
    }

    /** {@code src/test/resources}, next to the Node programs' folder. */
    private static Path resourcesDir() {
        return Path.of(System.getProperty("node.dir")).resolveSibling("resources");
    }
}
