package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ReadableJwt;
import io.openfinance.identity.it.harness.RestartableServer;
import io.openfinance.identity.it.harness.RestartableServerExtension;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * What someone with a copy of the database has of a connection's bank tokens: sealed values that nothing the database
 * holds opens — not the realms' keys in Keycloak's {@code COMPONENT_CONFIG}, not the data keys (stored wrapped) — and
 * that open, each only in its own row and column, with the key-encryption key kept outside the database. Reads the
 * production database (PostgreSQL) with plain JDBC; production mode only. One server for both tests (and RestartIT),
 * handed over running; each test has a partner and a connection of its own.
 */
@ExtendWith(RestartableServerExtension.class)
class BankTokensAtRestIT {

    private static final List<String> FIELDS = List.of("bank-access-token", "bank-refresh-token");

    @Test
    void noBankTokenOpensWithAnythingTheDatabaseHolds(RestartableServer server) throws Exception {
        Partner partner = Partner.register(server, "At-rest Partner", Map.of());
        String profile = partner.newProfile();
        String connection = Connect.ongoing(partner, profile, "alice");
        assertEquals(200, accounts(partner, profile).status());
        server.stop();

        try (Connection database = server.openDatabase()) {
            List<String> sealed = sealedTokens(database, connection);
            for (String token : sealed) {
                assertFalse(ReadableJwt.in(token), "a readable JWT in the database: " + token);
            }
            List<byte[]> realmSecrets = realmSecrets(database);
            assertFalse(realmSecrets.isEmpty(), "the realms' AES keys were read");
            assertNothingOpens(realmSecrets, sealed, connection);
            List<byte[]> dataKeyWindows = windowsOfWrappedDataKeys(database);
            assertFalse(dataKeyWindows.isEmpty(), "the wrapped data keys were read");
            assertNothingOpens(dataKeyWindows, sealed, connection);

            byte[] dataKey = dataKeyUnwrappedWith(Files.readString(server.keyEncryptionKeyFile()).strip(), database, connection);
            for (int i = 0; i < FIELDS.size(); i++) {
                JsonNode token = claims(open(dataKey, sealed.get(i), connection, FIELDS.get(i)).orElseThrow(
                        () -> new AssertionError("the key-encryption key does not open the bank token: the test's reading of the format is wrong")));
                assertTrue(token.path("iss").asText().endsWith("/realms/" + ServerSettings.SANDBOX_REALM), token.toString());
            }
            assertTrue(open(dataKey, sealed.get(0), connection, FIELDS.get(1)).isEmpty(), "the access token opens as the refresh token");

            swapIntoRefreshColumn(database, connection, sealed.get(0));
        }

        server.start();
        Http.Answer afterSwap = Http.postJson(partner.realmUrl() + "/data/sync/" + connection,
                partner.accessToken("accounts:read accounts:write:all", profile), "{\"customerIpAddress\": \"203.0.113.7\"}");
        assertNotEquals("ok", afterSwap.status() == 200 ? afterSwap.json().at("/data/status").asText() : afterSwap.status(),
                "a sync opened the sealed access token from the refresh-token column: " + afterSwap.body());
    }

    /**
     * The upgrade: tokens sealed as before envelope encryption ({@code kid.iv.ciphertext} under the realm's AES key, bound
     * to the connection) still open, and the server re-seals them under the key-encryption key in the background.
     */
    @Test
    void tokensSealedTheOldWayStillOpenAndAreResealed(RestartableServer server) throws Exception {
        Partner partner = Partner.register(server, "Upgrading Partner", Map.of());
        String profile = partner.newProfile();
        String connection = Connect.ongoing(partner, profile, "alice");
        server.stop();

        List<String> tokens = new ArrayList<>();
        try (Connection database = server.openDatabase()) {
            List<String> sealed = sealedTokens(database, connection);
            byte[] dataKey = dataKeyUnwrappedWith(Files.readString(server.keyEncryptionKeyFile()).strip(), database, connection);
            for (int i = 0; i < FIELDS.size(); i++) {
                tokens.add(open(dataKey, sealed.get(i), connection, FIELDS.get(i)).orElseThrow());
            }
            writeSealedTheOldWay(database, connection, tokens);
        }

        Path earlierLog = server.logFile();
        long earlierLogSize = Files.size(earlierLog);
        server.start();
        assertEquals(200, accounts(partner, profile).status(), "tokens sealed the old way open");
        awaitLog(server.logFile(), server.logFile().equals(earlierLog) ? earlierLogSize : 0,
                "Every bank token is now sealed under the key-encryption key");
        server.stop();

        try (Connection database = server.openDatabase()) {
            List<String> resealed = sealedTokens(database, connection);
            byte[] dataKey = dataKeyUnwrappedWith(Files.readString(server.keyEncryptionKeyFile()).strip(), database, connection);
            for (int i = 0; i < FIELDS.size(); i++) {
                assertTrue(resealed.get(i).startsWith("v2."), "re-sealed: " + resealed.get(i));
                assertEquals(tokens.get(i), open(dataKey, resealed.get(i), connection, FIELDS.get(i)).orElseThrow());
            }
        }
    }

    /** As main sealed them: AES-GCM under the realm's {@code aes-generated} key, AAD the connection id. */
    private static void writeSealedTheOldWay(Connection database, String connection, List<String> tokens) throws Exception {
        String kid = null;
        byte[] secret = null;
        try (PreparedStatement query = database.prepareStatement("select cc.NAME, cc.VALUE from COMPONENT_CONFIG cc"
                + " join COMPONENT k on k.ID = cc.COMPONENT_ID join OF_BANK_CONNECTION c on c.REALM_ID = k.REALM_ID"
                + " where c.ID = ? and k.PROVIDER_ID = 'aes-generated'")) {
            query.setString(1, connection);
            ResultSet rows = query.executeQuery();
            while (rows.next()) {
                if ("kid".equals(rows.getString(1))) {
                    kid = rows.getString(2);
                } else if ("secret".equals(rows.getString(1))) {
                    secret = decode(rows.getString(2));
                }
            }
        }
        assertTrue(kid != null && secret != null, "the realm's aes-generated key");
        try (PreparedStatement update = database.prepareStatement(
                "update OF_BANK_CONNECTION set BANK_ACCESS_TOKEN = ?, BANK_REFRESH_TOKEN = ? where ID = ?")) {
            for (int i = 0; i < FIELDS.size(); i++) {
                byte[] iv = new byte[12];
                new SecureRandom().nextBytes(iv);
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(secret, "AES"), new GCMParameterSpec(128, iv));
                cipher.updateAAD(connection.getBytes(StandardCharsets.UTF_8));
                Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
                update.setString(i + 1, kid + "." + base64.encodeToString(iv) + "."
                        + base64.encodeToString(cipher.doFinal(tokens.get(i).getBytes(StandardCharsets.UTF_8))));
            }
            update.setString(3, connection);
            assertEquals(1, update.executeUpdate());
        }
    }

    /** Until the log, from that offset on (a restarted node appends to its log), says {@code words}. */
    private static void awaitLog(Path logFile, long from, String words) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (true) {
            byte[] log = Files.readAllBytes(logFile);
            if (new String(log, (int) from, log.length - (int) from, StandardCharsets.UTF_8).contains(words)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the server never logged: " + words);
            }
            Thread.sleep(500);
        }
    }

    private static void assertNothingOpens(List<byte[]> keys, List<String> sealed, String connection) {
        for (int i = 0; i < FIELDS.size(); i++) {
            for (byte[] key : keys) {
                Optional<String> opened = open(key, sealed.get(i), connection, FIELDS.get(i));
                assertTrue(opened.isEmpty(), FIELDS.get(i) + " opened with a key from the database: " + opened);
            }
        }
    }

    private static Http.Answer accounts(Partner partner, String profile) {
        return Http.get(partner.realmUrl() + "/data/accounts", partner.accessToken("accounts:read", profile));
    }

    private static List<String> sealedTokens(Connection database, String connection) throws SQLException {
        try (PreparedStatement query = database.prepareStatement(
                "select BANK_ACCESS_TOKEN, BANK_REFRESH_TOKEN from OF_BANK_CONNECTION where ID = ?")) {
            query.setString(1, connection);
            ResultSet row = query.executeQuery();
            assertTrue(row.next(), "the connection row exists");
            return List.of(row.getString(1), row.getString(2));
        }
    }

    /** Every secret Keycloak keeps in the database for its key providers: the realms' AES (and HMAC) keys. */
    private static List<byte[]> realmSecrets(Connection database) throws SQLException {
        List<byte[]> secrets = new ArrayList<>();
        try (PreparedStatement query = database.prepareStatement("select VALUE from COMPONENT_CONFIG where NAME = 'secret'")) {
            ResultSet rows = query.executeQuery();
            while (rows.next()) {
                byte[] secret = decode(rows.getString(1));
                if (secret.length == 16 || secret.length == 24 || secret.length == 32) {
                    secrets.add(secret);
                }
            }
        }
        return secrets;
    }

    /** Each stored wrapped data key, taken at every offset as if it held a raw 256-bit key. */
    private static List<byte[]> windowsOfWrappedDataKeys(Connection database) throws SQLException {
        List<byte[]> windows = new ArrayList<>();
        try (PreparedStatement query = database.prepareStatement("select WRAPPED_KEY from OF_DATA_KEY")) {
            ResultSet rows = query.executeQuery();
            while (rows.next()) {
                byte[] wrapped = decode(rows.getString(1));
                for (int offset = 0; offset + 32 <= wrapped.length; offset++) {
                    windows.add(Arrays.copyOfRange(wrapped, offset, offset + 32));
                }
            }
        }
        return windows;
    }

    /** The connection's realm's data key, unwrapped as the server does: AES-GCM under the key-encryption key. */
    private static byte[] dataKeyUnwrappedWith(String keyEncryptionKey, Connection database, String connection) throws Exception {
        try (PreparedStatement query = database.prepareStatement("select k.ID, k.REALM_ID, k.WRAPPED_KEY from OF_DATA_KEY k"
                + " join OF_BANK_CONNECTION c on c.REALM_ID = k.REALM_ID where c.ID = ?")) {
            query.setString(1, connection);
            ResultSet row = query.executeQuery();
            assertTrue(row.next(), "the realm's data key is stored");
            byte[] wrapped = decode(row.getString(3));
            return gcm(Base64.getDecoder().decode(keyEncryptionKey), Arrays.copyOf(wrapped, 12), Arrays.copyOfRange(wrapped, 12, wrapped.length),
                    "open-finance data key\n" + row.getString(1) + "\n" + row.getString(2));
        }
    }

    /**
     * Tries to open a stored value with a key, reading it in both stored formats ({@code v2.<dataKeyId>.<iv+ciphertext>},
     * and the old {@code kid.iv.ciphertext}) and with every binding the server ever used (row and field, row only, none).
     */
    private static Optional<String> open(byte[] key, String stored, String connection, String field) {
        String[] parts = stored.split("\\.");
        byte[] iv;
        byte[] ciphertext;
        if (parts.length == 3 && parts[0].equals("v2")) {
            byte[] blob = decode(parts[2]);
            iv = Arrays.copyOf(blob, 12);
            ciphertext = Arrays.copyOfRange(blob, 12, blob.length);
        } else if (parts.length == 3) {
            iv = decode(parts[1]);
            ciphertext = decode(parts[2]);
        } else {
            throw new AssertionError("neither stored format: " + stored);
        }
        for (String binding : List.of(connection + "\n" + field, connection, "")) {
            try {
                return Optional.of(new String(gcm(key, iv, ciphertext, binding), StandardCharsets.UTF_8));
            } catch (Exception doesNotOpen) {
                // the next binding
            }
        }
        return Optional.empty();
    }

    private static byte[] gcm(byte[] key, byte[] iv, byte[] ciphertext, String binding) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(binding.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(ciphertext);
    }

    private static void swapIntoRefreshColumn(Connection database, String connection, String sealedAccessToken) throws SQLException {
        try (PreparedStatement update = database.prepareStatement("update OF_BANK_CONNECTION set BANK_REFRESH_TOKEN = ? where ID = ?")) {
            update.setString(1, sealedAccessToken);
            update.setString(2, connection);
            assertEquals(1, update.executeUpdate());
        }
    }

    private static JsonNode claims(String jwt) throws Exception {
        return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    /** Keycloak keeps key secrets base64url; our columns base64 or base64url. */
    private static byte[] decode(String text) {
        String urlSafe = text.strip().replace('+', '-').replace('/', '_').replace("=", "");
        return Base64.getUrlDecoder().decode(urlSafe);
    }
}
