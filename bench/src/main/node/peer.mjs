// The bench's peer: node-oidc-provider (npm oidc-provider 9) as its own users run it for machine tokens. One client on
// client_secret_basic with client_credentials, JWT access tokens for two resource servers that differ only in the
// signature: urn:bench:rs256 (the provider's own RSA key) and urn:bench:hs512 (a secret key, as jwt.sign.key).
// Listens on a free loopback port, prints "PEER-LISTENING <port>", and exits when its standard input closes, so it
// never outlives the bench that started it.
//   node peer.mjs <client_id> <client_secret>
import * as crypto from 'node:crypto';
import Provider from 'oidc-provider';

const [clientId, clientSecret] = process.argv.slice(2);
if (!clientId || !clientSecret) {
  console.error('usage: node peer.mjs <client_id> <client_secret>');
  process.exit(2);
}

const SCOPE = 'api:read api:write';
const signatures = {
  'urn:bench:rs256': { alg: 'RS256' },
  'urn:bench:hs512': { alg: 'HS512', key: crypto.randomBytes(64) },
};
// Generated as PEM and read back, not exported from the generated key object: Node 20 can deadlock exporting the
// generated object (a garbage collection during the export frees the generating job, which waits for the key's lock
// that the export holds), seen as a peer that never listened.
const privateKey = crypto.createPrivateKey(crypto.generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
}).privateKey);

const provider = new Provider('http://127.0.0.1', {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'bench-rs256', use: 'sig', alg: 'RS256' }] },
  scopes: SCOPE.split(' '),
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:bench:hs512',
      getResourceServerInfo: (ctx, resourceIndicator) => {
        const sign = signatures[resourceIndicator];
        if (!sign) {
          throw new Provider.errors.InvalidTarget();
        }
        return { scope: SCOPE, accessTokenFormat: 'jwt', accessTokenTTL: 300, jwt: { sign } };
      },
    },
  },
});

const server = provider.listen(0, '127.0.0.1', () => {
  console.log(`PEER-LISTENING ${server.address().port}`);
});
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
