// A real OpenID Provider for the tests: the OpenID-certified `oidc-provider` package,
// on loopback, with its development login and consent pages (any password is accepted
// for the accounts below; this never runs outside the test tooling).
//
// Environment:
//   OIDC_PORT      the port to listen on (127.0.0.1)
//   OIDC_CLIENT    JSON: {client_id, client_secret, redirect_uris, post_logout_redirect_uris}
//   OIDC_ACCOUNTS  JSON: {login: {email, email_verified, name, organisation, roles}}
//   OIDC_ID_TOKEN_TTL  seconds an ID token is valid (default 600)
//
// Prints "ready <issuer>" on standard output once it listens.

import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const client = JSON.parse(process.env.OIDC_CLIENT);
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || '{}');

const page = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

const provider = new Provider(issuer, {
  clients: [{
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    ...client,
  }],
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    portal: ['organisation', 'roles'],
  },
  scopes: ['openid', 'email', 'profile', 'portal'],
  pkce: { required: () => true },
  ttl: { IdToken: Number(process.env.OIDC_ID_TOKEN_TTL || 600) },
  cookies: { keys: ['test-only-cookie-key'] },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // The package's own pages load web fonts; the tests fetch nothing from outside.
      async logoutSource(ctx, form) {
        ctx.body = page('Sign out', `${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Signed out', '<p>You are signed out.</p>');
      },
    },
  },
});
provider.proxy = false;

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
