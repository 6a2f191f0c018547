package io.openfinance.identity.obsandbox;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An answer in the OB error shape: {@code {"Code","Id","Message","Errors":[{"ErrorCode","Message"}]}}. */
final class ObError extends WebApplicationException {

    private ObError(Response response) {
        super(response);
    }

    static ObError of(Response.Status status, String errorCode, String message) {
        Map<String, Object> body = Map.of("Code", status.getStatusCode() + " " + status.getReasonPhrase(),
                "Id", UUID.randomUUID().toString(), "Message", message,
                "Errors", List.of(Map.of("ErrorCode", errorCode, "Message", message)));
        return new ObError(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build());
    }

    static ObError unauthorized() {
        return of(Response.Status.UNAUTHORIZED, "UK.OBIE.Unauthorized", "A valid bearer token is required");
    }

    static ObError forbidden(String message) {
        return of(Response.Status.FORBIDDEN, "UK.OBIE.Resource.InvalidConsentStatus", message);
    }

    static ObError badRequest(String errorCode, String message) {
        return of(Response.Status.BAD_REQUEST, errorCode, message);
    }
}
