package io.openfinance.identity.it.harness;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Keycloak's admin REST API with the bootstrap admin, as an operator would use it. */
public final class Admin {

    private final KeycloakServer server;

    public Admin(KeycloakServer server) {
        this.server = server;
    }

    public String token() {
        Http.Answer answer = Http.postForm(server.realmUrl("master") + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli",
                "username", ServerSettings.ADMIN_USER, "password", ServerSettings.ADMIN_PASSWORD));
        if (answer.status() != 200) {
            throw new AssertionError("admin login failed: " + answer.status() + " " + answer.body());
        }
        return answer.json().get("access_token").asText();
    }

    public JsonNode get(String path) {
        Http.Answer answer = Http.get(server.baseUrl() + "/admin" + path, token());
        if (answer.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.json();
    }

    public Http.Answer post(String path, String json) {
        return Http.postJson(server.baseUrl() + "/admin" + path, token(), json);
    }

    public Http.Answer delete(String path) {
        return Http.delete(server.baseUrl() + "/admin" + path, token());
    }

    public Http.Answer put(String path, String json) {
        return Http.putJson(server.baseUrl() + "/admin" + path, token(), json);
    }
}
