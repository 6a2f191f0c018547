// What the partner programs on the official Node client, @mft/moneyhub-api-client, share: its configuration
// from the environment (defaults: demo-partner against ./run.sh), and calls reported one JSON line each,
// {"call", "after"?, "ok", "error"?}.
import { readFileSync } from 'node:fs';
import { describe, print, sendUserTo } from './partner-io.mjs';

export const env = process.env;
const identityServiceUrl = env.IDENTITY_SERVICE_URL ?? 'http://localhost:8080/realms/identity';
export const bankId = env.BANK_ID ?? 'sandbox';
const keys = env.CLIENT_KEYS_FILE ? privateKeys(JSON.parse(readFileSync(env.CLIENT_KEYS_FILE, 'utf8'))) : [];
export const config = {
  identityServiceUrl,
  resourceServerUrl: env.RESOURCE_SERVER_URL ?? `${identityServiceUrl}/data`,
  client: {
    client_id: env.CLIENT_ID ?? 'demo-partner',
    client_secret: env.CLIENT_SECRET ?? (env.CLIENT_ID ? undefined : 'demo-partner-secret'),
    token_endpoint_auth_method: env.TOKEN_ENDPOINT_AUTH_METHOD ?? 'client_secret_basic',
    id_token_signed_response_alg: env.ID_TOKEN_SIGNED_RESPONSE_ALG ?? 'RS256',
    request_object_signing_alg: env.REQUEST_OBJECT_SIGNING_ALG ?? 'none',
    redirect_uri: env.REDIRECT_URI ?? 'http://localhost:3000/callback',
    response_type: 'code',
    keys,
  },
};
export const dataScopes = 'accounts:read transactions:read:all';

/** The partner's private JWKs: a JWKS or one JWK; `alg` is what the client picks keys by. */
function privateKeys(json) {
  const alg = env.REQUEST_OBJECT_SIGNING_ALG;
  return (json.keys ?? [json]).map((jwk) => ({ alg, ...jwk }));
}

export function check(condition, what, answer) {
  if (!condition) {
    throw new Error(`${what}; the answer was ${JSON.stringify(answer)}`);
  }
}

/** Runs one call when what it needs is there, and reports it; resolves to its result or undefined. */
export async function step(call, needs, work, after) {
  const reported = { call, ...(after && { after }) };
  const missing = Object.entries(needs).filter(([, value]) => value === undefined).map(([name]) => name);
  try {
    if (missing.length) {
      throw new Error(`not run: no ${missing.join(', ')}, which a call that failed before should have given`);
    }
    const result = await work();
    print({ ...reported, ok: true });
    return result;
  } catch (error) {
    print({ ...reported, ok: false, error: describe(error) });
    return undefined;
  }
}

export const visited = (pages, page) => pages.includes(page);

/**
 * An authorization URL from `call`, the user in the browser, then exchangeCodeForTokens.
 * `pages` says which pages this kind of request must show, `idToken` what its id token must say.
 */
export async function connect(mh, { call, needs, url, pages: pagesOk, idToken = () => true, localParams = {} }) {
  const state = mh.generators.state();
  const nonce = mh.generators.nonce();
  const back = await step(call, needs, async () => {
    const { params, pages } = await sendUserTo(await url({ state, nonce }), call);
    check(!pages || pagesOk(pages), 'the browser showed the wrong pages', pages);
    check(params.code, 'no code in the redirect', params);
    return params;
  });
  return step('exchangeCodeForTokens', { code: back?.code }, async () => {
    const tokens = await mh.exchangeCodeForTokens({ paramsFromCallback: back, localParams: { state, nonce, ...localParams } });
    const claims = tokens.claims();
    check(tokens.access_token && claims.sub && claims['mh:con_id'], 'expected an access token, and sub and mh:con_id in the id token', claims);
    check(idToken(claims), 'the id token names another profile or connection', claims);
    return { tokens, claims };
  }, call);
}
