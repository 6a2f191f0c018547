package io.openfinance.identity.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.UserModel;

/**
 * The sandbox bank's count of data reads, kept on the customer as real banks keep theirs: every call adds to
 * {@value #CALLS_ATTRIBUTE} (what tests look at), and a read without the customer present (no
 * {@value #CUSTOMER_IP_HEADER} header) of one resource under one consent is allowed {@value #UNATTENDED_ALLOWANCE}
 * times in 24 hours, as the UK RTS wants; past that the bank answers {@code 429}.
 */
final class SandboxReads {

    static final String CUSTOMER_IP_HEADER = "x-fapi-customer-ip-address";
    static final String CALLS_ATTRIBUTE = "sandboxDataCalls";
    private static final String UNATTENDED_ATTRIBUTE = "sandboxUnattendedReads";
    private static final int UNATTENDED_ALLOWANCE = 4;
    private static final Duration WINDOW = Duration.ofHours(24);

    private SandboxReads() {
    }

    /** @param consent the bank session the customer's consent made; @param resource the path read */
    static void count(UserModel customer, String consent, String resource, boolean attended) {
        String calls = customer.getFirstAttribute(CALLS_ATTRIBUTE);
        customer.setSingleAttribute(CALLS_ATTRIBUTE, Long.toString(calls == null ? 1 : Long.parseLong(calls) + 1));
        if (attended) {
            return;
        }
        Instant now = Instant.now();
        long since = now.minus(WINDOW).toEpochMilli();
        String key = consent + " " + resource;
        List<String> kept = new ArrayList<>();
        int sameResource = 0;
        for (String read : customer.getAttributeStream(UNATTENDED_ATTRIBUTE).toList()) {
            int space = read.indexOf(' ');
            if (space > 0 && Long.parseLong(read.substring(0, space)) > since) {
                kept.add(read);
                sameResource += read.substring(space + 1).equals(key) ? 1 : 0;
            }
        }
        if (sameResource >= UNATTENDED_ALLOWANCE) {
            customer.setAttribute(UNATTENDED_ATTRIBUTE, kept);
            throw new WebApplicationException(Response.status(Response.Status.TOO_MANY_REQUESTS)
                    .type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", WINDOW.toSeconds())
                    .entity(Map.of("error", "too_many_requests",
                            "message", "No more than " + UNATTENDED_ALLOWANCE + " reads without the customer in 24 hours"))
                    .build());
        }
        kept.add(now.toEpochMilli() + " " + key);
        customer.setAttribute(UNATTENDED_ATTRIBUTE, kept);
    }
}
