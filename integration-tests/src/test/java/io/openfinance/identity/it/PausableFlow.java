package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.Partner;

/** A whole connection flow, flow 1 (one-time) or flow 2 (ongoing), that can stop at one point and wait there. */
final class PausableFlow {

    enum Kind { ONE_TIME, ONGOING }

    enum Pause {
        AT_CONSENT_PAGE(Connect.Step.CONSENT_PAGE),
        AT_BANK_SIGN_IN(Connect.Step.BANK_SIGN_IN_PAGE),
        WITH_CODE(Connect.Step.BACK_AT_PARTNER),
        WITH_TOKENS(null),
        NOWHERE(null);

        private final Connect.Step browserStep;

        Pause(Connect.Step browserStep) {
            this.browserStep = browserStep;
        }
    }

    /** How a flow ended: its profile and connection, and how many accounts its data token read. */
    record Outcome(String profile, String connectionId, int accounts) {
    }

    private PausableFlow() {
    }

    /** Runs the flow to its end, calling {@code waitHere} at {@code pause}; data is read with the flow's own kind of token. */
    static Outcome run(Partner partner, Kind kind, String customer, Pause pause, Runnable waitHere) {
        String base = partner.realmUrl();
        String profile = kind == Kind.ONGOING
                ? Http.postJson(base + "/users", partner.accessToken("user:create", null), "{}").json().get("userId").asText()
                : null;
        Partner.Authorization authorization = kind == Kind.ONGOING
                ? partner.authorize("openid id:sandbox", Connect.ongoingClaims(profile), "signed")
                : partner.authorize("openid id:sandbox accounts:read", null, "query");
        HttpBrowser.Stop back = Connect.agreeAndSignIn(authorization, customer, step -> {
            if (step == pause.browserStep) {
                waitHere.run();
            }
        });
        assertTrue(back.atPartner(), "expected the partner callback, got " + back.status() + " at " + back.url());
        Partner.Tokens tokens = partner.exchange(authorization, back.partnerCallback());
        if (pause == Pause.WITH_TOKENS) {
            waitHere.run();
        }
        String connectionId = (String) tokens.idToken().getClaim("mh:con_id");
        assertNotNull(connectionId, "the id token names the connection");
        String subject = tokens.idToken().getSubject().getValue();
        if (profile != null) {
            assertEquals(profile, subject, "flow 2 connects the profile it named");
        }
        String dataToken = kind == Kind.ONGOING ? partner.accessToken("accounts:read", subject) : tokens.accessToken();
        Http.Answer accounts = Http.get(base + "/data/accounts", dataToken);
        assertEquals(200, accounts.status(), accounts.body());
        JsonNode data = accounts.json().get("data");
        data.forEach(account -> assertEquals(connectionId, account.get("connectionId").asText()));
        return new Outcome(subject, connectionId, data.size());
    }
}
