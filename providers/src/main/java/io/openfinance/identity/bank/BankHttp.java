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

    /**
     * Whether an answer is a bank's "no" that asking again would only repeat: a client error, but not 408 (it timed out
     * waiting for us) nor 429 (too many requests, for now).
     */
    public static boolean refusal(int status) {
        return status / 100 == 4 && status != 408 && status != 429;
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
