package io.openfinance.identity.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CreateProfileRequestTest {

    @Test
    void clientUserIdIsOptional() {
        assertNull(CreateProfileRequest.parse(null).clientUserId());
        assertNull(CreateProfileRequest.parse("{}").clientUserId());
        assertEquals("customer-42", CreateProfileRequest.parse("{\"clientUserId\":\"customer-42\"}").clientUserId());
    }

    @Test
    void hostileBodiesAreBadRequests() {
        for (String body : new String[]{"not json", "[]", "\"text\"", "{\"clientUserId\":42}", "{\"clientUserId\":\"\"}",
                "{\"clientUserId\":\"a\\u0000b\"}", "{\"clientUserId\":\"x\",\"admin\":true}",
                "{\"clientUserId\":\"" + "x".repeat(256) + "\"}", "{\"clientUserId\":\"" + "x".repeat(10_000) + "\"}"}) {
            assertThrows(IllegalArgumentException.class, () -> CreateProfileRequest.parse(body), body);
        }
    }
}
