// A partner's backend on the official Node client, @mft/moneyhub-api-client, unchanged: it creates a profile,
// connects it to one bank (BANK_ID) with the customer in the browser, and reads what the customer shared.
// Configured by environment (moneyhub-partner.mjs). Prints one JSON line per call, {"call", "ok", "error"?},
// then what it read, {"read": {"accounts": [...], "transactions": {accountId: [...]}}}, for whoever checks it.
import { Moneyhub } from '@mft/moneyhub-api-client';
import { print, stopReading } from './partner-io.mjs';
import { bankId, check, connect, config, step } from './moneyhub-partner.mjs';

const mh = await step('Moneyhub', {}, () => Moneyhub(config));
const user = await step('registerUser', { mh }, () => mh.registerUser({ clientUserId: `connect-and-read-${Date.now()}` }));
const userId = user?.userId;
await connect(mh, {
  call: 'getAuthorizeUrlForCreatedUser',
  needs: { userId },
  url: ({ state, nonce }) => mh.getAuthorizeUrlForCreatedUser({ bankId, userId, state, nonce }),
  pages: () => true,
  idToken: (claims) => claims.sub === userId,
});
const accounts = await step('getAccounts', { userId }, async () => {
  const answer = await mh.getAccounts({ userId });
  check(Array.isArray(answer.data), 'expected {"data": [accounts]}', answer);
  return answer.data;
});
const transactions = {};
for (const account of accounts ?? []) {
  transactions[account.id] = await step('getTransactions', { accountId: account.id }, async () => {
    const answer = await mh.getTransactions({ userId, params: { accountId: account.id, limit: 500 } });
    check(Array.isArray(answer.data) && answer.data.length < 500, 'expected {"data": [transactions]}, all of them', answer);
    return answer.data;
  });
}
print({ read: { accounts, transactions } });
stopReading();
