// A partner's backend using the official Node client, @mft/moneyhub-api-client, unchanged: every
// call a partner makes for one-time and ongoing access, the connection lifecycle and the data.
// Configured by environment (moneyhub-partner.mjs). Prints one JSON line per call, {"call",
// "after"?, "ok", "error"?}, and goes on after a failure wherever it can.
import { Moneyhub } from '@mft/moneyhub-api-client';
import { sendUserTo, stopReading } from './partner-io.mjs';
import { bankId, check, config, connect, dataScopes, env, step, visited } from './moneyhub-partner.mjs';

const consentThenBank = (pages) => visited(pages, 'consent') && visited(pages, 'bank');

async function oneTimeAccess(mh) {
  const flow1 = await connect(mh, {
    call: 'getAuthorizeUrl',
    needs: {},
    url: ({ state, nonce }) => mh.getAuthorizeUrl({ state, nonce, scope: `openid offline_access id:${bankId} ${dataScopes}` }),
    pages: consentThenBank,
  });
  await step('refreshTokens', { refreshToken: flow1?.tokens.refresh_token }, async () => {
    const refreshed = await mh.refreshTokens({ refreshToken: flow1.tokens.refresh_token });
    const fresh = Boolean(refreshed.access_token) && refreshed.access_token !== flow1.tokens.access_token;
    check(fresh, 'expected a new access token', { scope: refreshed.scope, expires_at: refreshed.expires_at });
  });
}

async function profileWithConnections(mh) {
  const clientUserId = `moneyhub-client-${Date.now()}`;
  const user = await step('registerUser', {}, async () => {
    const created = await mh.registerUser({ clientUserId });
    check(typeof created.userId === 'string' && created.clientUserId === clientUserId, 'expected the new user with userId', created);
    return created;
  });
  const userId = user?.userId;
  await step('getUsers', { userId }, async () => findUser(mh, userId));
  await step('getUser', { userId }, async () => {
    const answer = await mh.getUser({ userId });
    check(answer.userId === userId, `expected user ${userId}`, answer);
    checkUserFields(answer);
  });
  const ofThisUser = (claims) => claims.sub === userId;
  const ongoing = await connect(mh, {
    call: 'getAuthorizeUrlForCreatedUser',
    needs: { userId },
    url: ({ state, nonce }) => mh.getAuthorizeUrlForCreatedUser({ bankId, userId, state, nonce }),
    pages: consentThenBank,
    idToken: ofThisUser,
  });
  const codeVerifier = mh.generators.codeVerifier();
  const pushed = await connect(mh, {
    call: 'getPushedAuthorisationRequestUrl',
    needs: { userId },
    url: ({ state, nonce }) => mh.getPushedAuthorisationRequestUrl({
      bankId, userId, state, nonce, codeChallenge: mh.generators.codeChallenge(codeVerifier),
    }),
    pages: consentThenBank,
    idToken: ofThisUser,
    localParams: { code_verifier: codeVerifier },
  });
  const byRequestUri = await requestUriConnection(mh, userId);
  const connectionIds = [ongoing, pushed, byRequestUri].filter(Boolean).map((made) => made.claims['mh:con_id']);
  const byAuthRequest = await authRequests(mh, userId);
  if (byAuthRequest) {
    connectionIds.push(byAuthRequest);
  }
  return { userId, connectionIds };
}

/** Every field the client's User type declares, with the declared types. */
function checkUserFields(user) {
  const strings = ['userId', 'clientId', 'createdAt', 'updatedAt', 'scopes', 'managedBy', 'userType'];
  check(strings.every((field) => typeof user[field] === 'string'), `expected the strings ${strings}`, user);
  check(['user', 'client'].includes(user.managedBy) && ['test', 'demo', 'live'].includes(user.userType),
    'expected managedBy user | client and userType test | demo | live', user);
  check(user.lastAccessed === null || typeof user.lastAccessed === 'string', 'expected lastAccessed', user);
  check(Array.isArray(user.connectionIds), 'expected connectionIds', user);
}

/** A connection through a request URI: requestObject, getRequestUri, then getAuthorizeUrlFromRequestUri's URL alone. */
async function requestUriConnection(mh, userId) {
  return connect(mh, {
    call: 'getAuthorizeUrlFromRequestUri',
    needs: { userId },
    url: async ({ state, nonce }) => {
      const requestUri = await step('getRequestUri', { userId }, async () => {
        const request = await mh.requestObject({
          scope: `openid id:${bankId}`, state, nonce,
          claims: { id_token: { sub: { value: userId }, 'mh:con_id': { essential: true } } },
        });
        const answer = await mh.getRequestUri(request);
        check(typeof answer === 'string' && answer.startsWith('urn:'), 'expected a request URI', answer);
        return answer;
      });
      check(requestUri, 'getRequestUri failed', requestUri);
      const url = mh.getAuthorizeUrlFromRequestUri({ requestUri });
      check(!new URL(url).searchParams.has('client_id'), 'the client sends request_uri alone', url);
      return url;
    },
    pages: consentThenBank,
    idToken: (claims) => claims.sub === userId,
  });
}

/** The server makes the authorization URL and, on completion, redeems the code: the partner runs no OpenID client. */
async function authRequests(mh, userId) {
  const created = await step('createAuthRequest', { userId }, async () => {
    const answer = await mh.createAuthRequest({ redirectUri: config.client.redirect_uri, userId, scope: `id:${bankId} openid` });
    check(answer.data?.id && answer.data.status === 'pending' && answer.data.redirectParams?.authUrl,
      'expected {"data": {id, status: pending, redirectParams: {authUrl}}}', answer);
    return answer.data;
  });
  const back = await step('redirectParams.authUrl', { authUrl: created?.redirectParams.authUrl }, async () => {
    const { params } = await sendUserTo(created.redirectParams.authUrl, 'createAuthRequest');
    check(params.code && params.state, 'no code in the redirect', params);
    return params;
  }, 'createAuthRequest');
  const completed = await step('completeAuthRequest', { code: back?.code }, async () => {
    const answer = await mh.completeAuthRequest({ id: created.id, authParams: { code: back.code, state: back.state } });
    check(answer.data?.status === 'complete' && answer.data.userId === userId && answer.data.connectionId,
      'expected the auth request complete, with the user and the new connection', answer);
    return answer.data;
  });
  await step('getAuthRequest', { id: completed?.id }, async () => {
    const answer = await mh.getAuthRequest({ id: completed.id });
    check(answer.data?.connectionId === completed.connectionId, 'expected the completed auth request', answer);
  });
  await step('getAllAuthRequests', { id: completed?.id }, async () => {
    const answer = await mh.getAllAuthRequests({ limit: 100 });
    check(answer.data?.some((listed) => listed.id === completed.id), 'expected the auth request listed', answer);
  });
  return completed?.connectionId;
}

async function findUser(mh, userId) {
  for (let offset = 0; ; offset += 100) {
    const page = await mh.getUsers({ limit: 100, offset });
    check(Array.isArray(page.data), 'expected {"data": [users]}', page);
    if (page.data.some((listed) => listed.userId === userId)) {
      return;
    }
    check(page.data.length === 100, `user ${userId} is not listed`, page);
  }
}

async function connections(mh, userId, connectionIds) {
  return step('getUserConnections', { userId, connectionId: connectionIds[0] }, async () => {
    const answer = await mh.getUserConnections({ userId });
    const listed = (answer.data ?? []).map((connection) => connection.id);
    check(connectionIds.every((id) => listed.includes(id)), `expected {"data": [connections]} with ${connectionIds}`, answer);
  });
}

async function dataTokens(mh, userId) {
  const isProfileToken = async (work) => {
    const tokens = await work();
    const sub = tokens.access_token && JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url')).sub;
    check(sub === userId, `expected an access token with sub ${userId}`, { sub, scope: tokens.scope });
  };
  await step('getClientCredentialTokens', { userId }, () => isProfileToken(
    () => mh.getClientCredentialTokens({ scope: dataScopes, sub: userId })));
  await step('getJWTBearerToken', { userId }, () => isProfileToken(
    () => mh.getJWTBearerToken({ scope: dataScopes, sub: userId })));
}

/** A list call, then the call for one item of the list, e.g. getAccounts and getAccount. */
async function listThenOne(mh, userId, listCall, oneCall, idParam) {
  const id = await step(listCall, { userId }, async () => {
    const answer = await mh[listCall]({ userId });
    check(answer.data?.length > 0 && answer.data.every((item) => item.id), 'expected {"data": [items with an id]}', answer);
    return answer.data[0].id;
  });
  await step(oneCall, { [idParam]: id }, async () => {
    const answer = await mh[oneCall]({ userId, [idParam]: id });
    check(answer.data?.id === id, `expected {"data": {"id": "${id}", ...}}`, answer);
  });
}

/** The store's calls: balances and the lighter account list, syncs on demand within the allowance, and their record. */
async function storedData(mh, userId, connectionId) {
  const accountId = await step('getAccountsList', { userId }, async () => {
    const answer = await mh.getAccountsList({ userId });
    check(answer.data?.length > 0 && answer.data.every((account) => account.id && account.balance), 'expected {"data": [accounts]}', answer);
    return answer.data[0].id;
  });
  await step('getAccountBalances', { accountId }, async () => {
    const answer = await mh.getAccountBalances({ userId, accountId });
    check(Number.isInteger(answer.data?.[0]?.amount?.value) && answer.data[0].date, 'expected {"data": [{amount, date}]}', answer);
  });
  const present = await step('syncUserConnection', { userId, connectionId }, async () => {
    const answer = await mh.syncUserConnection({ userId, connectionId, customerIpAddress: '203.0.113.7' });
    check(answer.data?.status === 'ok', 'expected {"data": {"status": "ok"}}', answer);
    return true;
  });
  await step('syncUserConnection', { present }, async () => {
    for (let read = 1; read <= 4; read++) {
      const answer = await mh.syncUserConnection({ userId, connectionId });
      check(answer.data?.status === 'ok', `expected unattended sync ${read} of 4 to be ok`, answer);
    }
    const fifth = await mh.syncUserConnection({ userId, connectionId }).then((answer) => answer, (error) => error.response);
    check(fifth?.statusCode === 429 && Number(fifth.headers?.['retry-after']) > 0,
      'expected 429 with Retry-After past the unattended allowance', { status: fifth?.statusCode, body: fifth?.body });
  }, 'unattended allowance');
  const syncId = await step('getConnectionSyncs', { userId, connectionId }, async () => {
    const answer = await mh.getConnectionSyncs({ userId, connectionId });
    const shaped = (sync) => sync.id && sync.connectionId === connectionId && ['auto-update', 'client-update'].includes(sync.action)
      && ['ADD', 'UPDATE'].includes(sync.method) && sync.fetchStatus && sync.createdAt && sync.fetchedAt && Array.isArray(sync.accounts);
    check(answer.data?.length >= 6 && answer.data.every(shaped), 'expected {"data": [syncs]}: the first, one attended, four unattended', answer);
    return answer.data[0].id;
  });
  await step('getSync', { syncId }, async () => {
    const answer = await mh.getSync({ userId, syncId });
    check(answer.data?.id === syncId && answer.data.fetchStatus === 'success', `expected {"data": {"id": "${syncId}"}}`, answer);
  });
  const foreignUserId = env.FOREIGN_USER_ID;
  const foreignConnectionId = env.FOREIGN_CONNECTION_ID;
  await step('getConnectionSyncs', { foreignUserId, foreignConnectionId }, async () => {
    const status = await mh.getConnectionSyncs({ userId: foreignUserId, connectionId: foreignConnectionId })
      .then(() => 200, (error) => error.response?.statusCode);
    check(status === 404, "expected another partner's connection to be unknown (404)", status);
  }, 'foreign connection');
}

/** Reauth, reconsent and refresh of one connection: each must come back with that same connection. */
async function lifecycle(mh, userId, connectionId) {
  const renew = (call, pages, extra = {}) => connect(mh, {
    call,
    needs: { userId, connectionId },
    url: ({ state, nonce }) => mh[call]({ userId, connectionId, state, nonce, ...extra }),
    pages,
    idToken: (claims) => claims.sub === userId && claims['mh:con_id'] === connectionId,
  });
  const bankAgain = (pages) => visited(pages, 'bank');
  await renew('getReauthAuthorizeUrlForCreatedUser', bankAgain);
  const expiresAt = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
  const reconsent = await renew('getReconsentAuthorizeUrlForCreatedUser',
    (pages) => visited(pages, 'consent') && !visited(pages, 'bank'), { expiresAt });
  await step('getUserConnections', { reconsent }, async () => {
    const answer = await mh.getUserConnections({ userId });
    const renewed = answer.data?.find((connection) => connection.id === connectionId);
    check(Math.abs(Date.parse(renewed?.expiresAt) - Date.parse(expiresAt)) < 24 * 3600 * 1000,
      `expected connection ${connectionId} to expire at ${expiresAt}`, answer);
  }, 'getReconsentAuthorizeUrlForCreatedUser');
  await renew('getRefreshAuthorizeUrlForCreatedUser', bankAgain);
}

async function connectionUpdate(mh, userId, connectionId) {
  await step('updateUserConnection', { userId, connectionId }, async () => {
    const expiresAt = new Date(Date.now() + 20 * 24 * 3600 * 1000).toISOString();
    const status = await mh.updateUserConnection({ userId, connectionId, expiresAt });
    check(status === 204, 'expected 204', status);
    const answer = await mh.getUserConnections({ userId });
    const updated = answer.data?.find((connection) => connection.id === connectionId);
    check(Math.abs(Date.parse(updated?.expiresAt) - Date.parse(expiresAt)) < 1000, `expected connection ${connectionId} to expire at ${expiresAt}`, answer);
    check(answer.data.every((connection) => ['ok', 'error'].includes(connection.status)), 'expected status ok | error', answer);
  });
}

async function removal(mh, userId, connectionId) {
  await step('deleteUserConnection', { userId, connectionId }, async () => {
    const status = await mh.deleteUserConnection({ userId, connectionId });
    check(status === 204, 'expected 204', status);
    const answer = await mh.getUserConnections({ userId });
    const left = answer.data?.map((connection) => connection.id);
    check(left && !left.includes(connectionId), `expected {"data": [connections]} without ${connectionId}`, answer);
  });
  await step('deleteUser', { userId }, async () => {
    const status = await mh.deleteUser({ userId });
    check(status === 204, 'expected 204', status);
    const gone = await mh.getUser({ userId }).then(() => 'still there', (error) => error.response?.statusCode);
    check(gone === 404, 'expected the user to be gone (404)', gone);
  });
}

const mh = await step('Moneyhub', {}, () => Moneyhub(config));
if (mh) {
  await oneTimeAccess(mh);
  const { userId, connectionIds } = await profileWithConnections(mh);
  await connections(mh, userId, connectionIds);
  await dataTokens(mh, userId);
  await listThenOne(mh, userId, 'getAccounts', 'getAccount', 'accountId');
  await listThenOne(mh, userId, 'getTransactions', 'getTransaction', 'transactionId');
  await storedData(mh, userId, connectionIds[0]);
  await lifecycle(mh, userId, connectionIds[0]);
  await connectionUpdate(mh, userId, connectionIds[0]);
  await removal(mh, userId, connectionIds.at(-1));
}
stopReading();
