package io.openfinance.identity.bank;

/**
 * One trip of the customer's browser to the bank and back, as the flow keeps it: where the bank sends the browser
 * back, the {@code state} and {@code nonce} it must return, and the PKCE verifier of the code it gives.
 */
public record BankRedirect(String redirectUri, String state, String codeVerifier, String nonce) {
}
