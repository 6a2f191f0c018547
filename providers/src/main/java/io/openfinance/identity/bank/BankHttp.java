package io.openfinance.identity.bank;

import java.io.IOException;
import java.time.Duration;

import io.openfinance.identity.metrics.OpenFinanceMetrics;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;

/**
 * One HTTP exchange with a bank's server, its answer read to the last byte, the time it took recorded as the bank's
 * ({@code of_bank_http_seconds}): what our server waits on a bank, apart from our own work around the call (signing,
 * sealing, parsing).
 */
public final class BankHttp {

    private BankHttp() {
    }

    /** The answer, already read; the caller closes it. */
    public static SimpleHttpResponse exchange(BankConfig bank, SimpleHttpRequest request) throws IOException {
        long started = System.nanoTime();
        try {
            SimpleHttpResponse response = request.asResponse();
            try {
                response.getStatus();
            } catch (IOException | RuntimeException e) {
                response.close();
                throw e;
            }
            return response;
        } finally {
            OpenFinanceMetrics.bankHttp(bank.id(), Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
