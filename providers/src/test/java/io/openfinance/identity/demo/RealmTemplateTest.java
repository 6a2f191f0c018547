package io.openfinance.identity.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The production template ({@code realm-config/production/identity-realm.json}) is the demo's {@code identity} realm
 * without its demo data: whatever changes in one (a flow, a client scope, a policy, a key provider) must change in
 * the other, or this test fails.
 */
class RealmTemplateTest {

    private static final Path REALMS = Path.of("..", "realm-config");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theTemplateIsTheDemoRealmWithoutItsDemoData() throws IOException {
        ObjectNode demo = (ObjectNode) JSON.readTree(REALMS.resolve("identity-realm.json").toFile());
        withoutDemo(demo, "clients", "attributes");
        withoutDemo(demo, "identityProviders", "config");
        assertEquals(demo, JSON.readTree(REALMS.resolve("production/identity-realm.json").toFile()));
    }

    @Test
    void theTemplateHoldsNoPartnerBankUserOrSecret() throws IOException {
        JsonNode template = JSON.readTree(REALMS.resolve("production/identity-realm.json").toFile());
        for (String field : List.of("clients", "identityProviders", "users")) {
            assertTrue(template.path(field).isMissingNode(), field);
        }
        String text = Files.readString(REALMS.resolve("production/identity-realm.json"));
        assertFalse(text.contains(DemoDataGuard.ATTRIBUTE) || text.toLowerCase().contains("secret"), text);
    }

    @Test
    void theDemoMarksEachSamplePartnerAndTheSandboxBank() throws IOException {
        JsonNode demo = JSON.readTree(REALMS.resolve("identity-realm.json").toFile());
        demo.path("clients").forEach(client -> assertTrue(isDemo(client.path("attributes")), client.path("clientId").asText()));
        demo.path("identityProviders").forEach(bank -> assertTrue(isDemo(bank.path("config")), bank.path("alias").asText()));
        assertTrue(isDemo(JSON.readTree(REALMS.resolve("sandbox-bank-realm.json").toFile()).path("attributes")), "sandbox-bank realm");
    }

    /** Drops the entries marked as demo data; the list itself when none is left, as the template has none. */
    private static void withoutDemo(ObjectNode realm, String list, String marks) {
        ArrayNode kept = JSON.createArrayNode();
        realm.path(list).forEach(entry -> {
            if (!isDemo(entry.path(marks))) {
                kept.add(entry);
            }
        });
        if (kept.isEmpty()) {
            realm.remove(list);
        } else {
            realm.set(list, kept);
        }
    }

    private static boolean isDemo(JsonNode attributes) {
        return "true".equals(attributes.path(DemoDataGuard.ATTRIBUTE).asText());
    }
}
