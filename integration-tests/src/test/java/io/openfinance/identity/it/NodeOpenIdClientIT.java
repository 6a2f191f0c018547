package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;

/** Flow 1 with a partner on Node.js using the openid-client library ({@code src/test/node/flow1.mjs}). */
@ExtendWith(KeycloakExtension.class)
class NodeOpenIdClientIT {

    private static final String REDIRECT_URI = "http://localhost:3000/callback";

    @Test
    void openIdClientRunsOneTimeAccess(KeycloakServer server, @TempDir Path tmp) throws Exception {
        Partner partner = Partner.register(server, "Node Partner", Map.of(), REDIRECT_URI);
        Path stderr = tmp.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder("node", "flow1.mjs")
                .directory(Path.of(System.getProperty("node.dir")).toFile())
                .redirectError(stderr.toFile());
        builder.environment().putAll(Map.of("ISSUER", partner.realmUrl(), "CLIENT_ID", partner.clientId(),
                "CLIENT_SECRET", partner.secret(), "REDIRECT_URI", REDIRECT_URI));
        Process node = builder.start();
        // A node that hangs is killed; its stdout then ends, so no read below waits forever.
        node.onExit().completeOnTimeout(node, 60, TimeUnit.SECONDS).thenRun(node::destroyForcibly);
        Supplier<String> nodeErrors = () -> "node's stderr:\n" + read(stderr);
        BufferedReader nodeOut = node.inputReader();

        JsonNode start = json(nodeOut.readLine(), nodeErrors);
        HttpBrowser browser = new HttpBrowser(REDIRECT_URI);
        HttpBrowser.Stop consent = browser.open(URI.create(start.get("authorizationUrl").asText()));
        HttpBrowser.Stop bank = browser.submit(consent, Map.of("decision", "agree"));
        HttpBrowser.Stop back = browser.submit(bank, Map.of("username", "alice", "password", "alice-sandbox"));
        assertTrue(back.atPartner(), "expected a redirect to the partner, got " + back.url());
        try (Writer nodeIn = node.outputWriter()) {
            nodeIn.write(back.partnerCallback() + "\n");
        }
        String resultLine = nodeOut.readLine();

        assertEquals(0, node.waitFor(), nodeErrors);
        JsonNode result = json(resultLine, nodeErrors);
        assertFalse(result.path("sub").asText().isEmpty(), result::toString);
        assertFalse(result.path("conId").asText().isEmpty(), result::toString);
        assertTrue(result.path("accounts").asInt() > 0, result::toString);
    }

    private static JsonNode json(String line, Supplier<String> nodeErrors) throws IOException {
        assertNotNull(line, nodeErrors);
        return Http.JSON.readTree(line);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
