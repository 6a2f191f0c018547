// The ongoing-access example of the service we model, as its partners write it with openid-client's
// v4 API: a profile, a connection to the user's bank through an unsigned request object (no PKCE),
// then a data token for the profile and its accounts and transactions.
//
//   cd integration-tests/src/test/node && npm ci && node seed-example.mjs
//
// runs it as demo-partner against ./run.sh: open the printed authorizationUrl, agree, sign in at the
// sandbox bank as alice / alice-sandbox, and paste the URL the browser lands on
// (http://localhost:3000/callback?...; nothing needs to listen there). Environment: IDENTITY_SERVICE_URL,
// RESOURCE_SERVER_URL, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, BANK_ID.
import { Issuer, generators } from 'openid-client-v4'; // openid-client 4.9.1 under an npm alias: flow1.mjs uses v6
import { describe, print, sendUserTo, stopReading } from './partner-io.mjs';

const env = process.env;
const identityServiceUrl = env.IDENTITY_SERVICE_URL ?? 'http://localhost:8080/realms/identity';
const resourceServerUrl = env.RESOURCE_SERVER_URL ?? `${identityServiceUrl}/data`;
const client_id = env.CLIENT_ID ?? 'demo-partner';
const client_secret = env.CLIENT_SECRET ?? 'demo-partner-secret';
const redirect_uri = env.REDIRECT_URI ?? 'http://localhost:3000/callback';
const bankId = env.BANK_ID ?? 'sandbox';

async function api(method, url, accessToken, body) {
  const response = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${accessToken}`, ...(body && { 'Content-Type': 'application/json' }) },
    body: body && JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
  }
  return response.json();
}

let step = 'discovery';
try {
  const issuer = await Issuer.discover(`${identityServiceUrl}/oidc`);
  const client = new issuer.Client({
    client_id,
    client_secret,
    redirect_uris: [redirect_uri],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: 'RS256',
    request_object_signing_alg: 'none',
  });

  step = 'create the user';
  const { access_token: partnerToken } = await client.grant({ grant_type: 'client_credentials', scope: 'user:create' });
  const user = await api('POST', `${identityServiceUrl}/users`, partnerToken, { clientUserId: `seed-${Date.now()}` });
  const userId = user.userId;

  step = 'connect a bank';
  const state = generators.state();
  const nonce = generators.nonce();
  const authParams = { client_id, scope: `openid id:${bankId}`, state, nonce, redirect_uri, response_type: 'code', prompt: 'consent' };
  const claims = { id_token: { sub: { essential: true, value: userId }, 'mh:con_id': { essential: true } } };
  const request = await client.requestObject({ ...authParams, claims, max_age: 86400 });
  const { params } = await sendUserTo(client.authorizationUrl({ ...authParams, request }), 'authorize');
  const tokenSet = await client.callback(redirect_uri, params, { state, nonce });

  step = 'read the data';
  const { access_token } = await client.grant({
    grant_type: 'client_credentials', scope: 'accounts:read transactions:read:all', sub: userId,
  });
  const accounts = await api('GET', `${resourceServerUrl}/accounts`, access_token);
  const transactions = await api('GET', `${resourceServerUrl}/transactions`, access_token);
  print({
    userId,
    sub: tokenSet.claims().sub,
    connectionId: tokenSet.claims()['mh:con_id'],
    accounts: accounts.data.length,
    transactions: transactions.data.length,
  });
} catch (error) {
  print({ failedAt: step, error: describe(error) });
  process.exitCode = 1;
} finally {
  stopReading();
}
