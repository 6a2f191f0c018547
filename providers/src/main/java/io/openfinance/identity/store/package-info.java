/**
 * A bank connection's life, and the one place it is stored ({@link io.openfinance.identity.store.ConnectionProvider}):
 * <ol>
 * <li>A partner's authorization request names a bank ({@code id:<bankId>}) and, for ongoing access, a profile ({@code sub}).</li>
 * <li>{@code connection.BankConnectionAuthenticator} checks it and shows the consent page: scopes or {@code mh:consent} permissions, expiry.</li>
 * <li>On "agree", the request is claimed once (single-use store) and the browser goes to the bank with PKCE.</li>
 * <li>{@code connection.BankCallbackResource} swaps the bank's code for tokens, server-side.</li>
 * <li>{@link io.openfinance.identity.store.ConnectionProvider#create} stores the connection, bank tokens sealed ({@code sealing.Sealer}),
 *     the request's key unique: one connection per authorization request.</li>
 * <li>The code's tokens carry {@code mh:con_id}; flow 1's access token also {@code mh:con_ids}, the connections it may read.</li>
 * <li>Ongoing access: {@code client_credentials} (or {@code jwt-bearer}) with {@code sub} gives a data token over the live connections.</li>
 * <li>{@code ledger.BankSync} reads the bank with the opened tokens (refreshing them first when expired) into the store,
 *     first right after connect, and records {@code lastUpdated} or the error ({@code credentials_error}, {@code sync_error});
 *     {@code data.DataReader} serves the Data API from that store only.</li>
 * <li>{@code reauth}, {@code reconsent} and {@code refresh} renew the same connection; the partner may shorten its expiry.</li>
 * <li>Deleting the connection or its profile removes its row, bank tokens and stored data; an expired one gives no data.</li>
 * </ol>
 */
package io.openfinance.identity.store;
