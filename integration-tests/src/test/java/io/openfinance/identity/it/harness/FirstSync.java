package io.openfinance.identity.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;

/** The end of a connection's first sync, as a partner learns it: the connection has {@code lastUpdated} or an {@code error}. */
public final class FirstSync {

    private FirstSync() {
    }

    /** @return the connection as its partner sees it once its first sync is done */
    public static JsonNode await(Partner partner, String profileId, String connectionId) {
        String token = partner.accessToken("user:read", null);
        String url = partner.realmUrl() + "/users/" + profileId + "/connections/" + connectionId;
        for (int attempt = 0; attempt < 300; attempt++) {
            Http.Answer answer = Http.get(url, token);
            assertEquals(200, answer.status(), answer.body());
            JsonNode connection = answer.json().get("data");
            if (connection.hasNonNull("lastUpdated") || connection.hasNonNull("error")) {
                return connection;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fail("The first sync of connection " + connectionId + " did not end within 30 s");
    }
}
