package io.openfinance.identity.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code jwt-bearer} assertions of the benchmarked partner, as the official client's {@code getJWTBearerToken} makes
 * them: RS256 with a key the bench registers on the client ({@code jwks.string}), {@code iss} = the client,
 * {@code sub} = a profile, {@code aud} = {@code {issuer}/oidc}, a new {@code jti} each (the server takes each once),
 * ten minutes of life.
 */
final class PartnerAssertions {

    private static final String KID = "bench-assertions";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair key;
    private final String clientId;
    private final String audience;

    PartnerAssertions(String clientId, String issuer) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.key = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.clientId = clientId;
        this.audience = issuer + "/oidc";
    }

    /** The public key as the client's {@code jwks.string}. */
    String jwks() {
        RSAPublicKey publicKey = (RSAPublicKey) key.getPublic();
        ObjectNode jwks = Api.JSON.createObjectNode();
        jwks.putArray("keys").addObject().put("kty", "RSA").put("kid", KID).put("use", "sig").put("alg", "RS256")
                .put("n", unsigned(publicKey.getModulus())).put("e", unsigned(publicKey.getPublicExponent()));
        return jwks.toString();
    }

    /** {@code count} token request bodies for {@code sub}, one a line, each with its own assertion. */
    Path writeBodies(Path file, String sub, String scope, int count) {
        long now = System.currentTimeMillis() / 1000;
        List<String> bodies = IntStream.range(0, count).parallel().mapToObj(i -> Api.form(java.util.Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer", "scope", scope, "assertion", sign(sub, now)))).toList();
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bodies);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String sign(String sub, long now) {
        ObjectNode claims = Api.JSON.createObjectNode().put("iss", clientId).put("sub", sub).put("aud", audience)
                .put("jti", UUID.randomUUID().toString()).put("iat", now).put("exp", now + 600);
        String signingInput = part("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}") + "." + part(claims.toString());
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return BASE64URL.encodeToString(bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
    }
}
