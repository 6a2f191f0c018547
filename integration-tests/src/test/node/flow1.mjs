// A partner's backend on Node.js running flow 1 (one-time access) with openid-client.
// Prints {"authorizationUrl"}, reads the callback URL the browser came back with from stdin,
// then prints {"sub", "conId", "accounts"}.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import * as client from 'openid-client';

const { ISSUER, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } = process.env;

async function readLine() {
  const lines = createInterface({ input: process.stdin });
  const [line] = await once(lines, 'line');
  lines.close();
  return line;
}

try {
  // The test server is plain http on localhost, which openid-client refuses unless told otherwise.
  const config = await client.discovery(new URL(ISSUER), CLIENT_ID, CLIENT_SECRET, undefined,
    { execute: [client.allowInsecureRequests] });

  const pkceCodeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid id:sandbox accounts:read',
    code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  console.log(JSON.stringify({ authorizationUrl }));

  const tokens = await client.authorizationCodeGrant(config, new URL(await readLine()),
    { pkceCodeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
  const claims = tokens.claims();

  const response = await fetch(`${ISSUER}/data/accounts`,
    { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  if (!response.ok) {
    throw new Error(`GET /data/accounts answered ${response.status}: ${await response.text()}`);
  }
  const { data } = await response.json();
  console.log(JSON.stringify({ sub: claims.sub, conId: claims['mh:con_id'], accounts: data.length }));
} catch (error) {
  console.error(error);
  process.exit(1);
}
