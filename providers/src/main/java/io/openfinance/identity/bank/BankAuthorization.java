package io.openfinance.identity.bank;

import java.net.URI;

/**
 * Where to send the customer's browser to authorise at the bank, and the bank's own id of what it was asked to
 * grant when the bank has one (UK Open Banking's {@code ConsentId}), kept with the connection; null otherwise.
 */
public record BankAuthorization(URI uri, String grantId) {
}
