// A second OpenID provider for the SSO tests, written by others than the first: the
// certified `oidc-provider` package (panva). Started by the tests on a loopback port:
//   node provider.mjs PORT CONFIG_JSON
// CONFIG_JSON: {"client_id", "client_secret", "redirect_uris": [...], "password",
//   "accounts": {"login": {"email", "email_verified", "name", "amr": [...]}}}
// Its own login page (/interaction/<uid>), consent given at once, RS256 keys made at start.
import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import Provider from "oidc-provider";

const [port, configJson] = process.argv.slice(2);
const config = JSON.parse(configJson);
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: "jwk" }), kid: "node-1", use: "sig", alg: "RS256" };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: config.client_id,
      client_secret: config.client_secret,
      redirect_uris: config.redirect_uris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ["borgingshuis-test-only"] },
  claims: { openid: ["sub", "amr"], email: ["email", "email_verified"], profile: ["name"] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  async findAccount(ctx, sub) {
    const account = config.accounts[sub];
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        const { amr, ...claims } = account;
        return { sub, ...claims };
      },
    };
  },
});

function page(res, uid, message = "") {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html lang="en"><title>Node provider</title>
<h1>Node provider</h1><p>${message}</p>
<form method="post" action="/interaction/${uid}/login">
<label>Login <input name="login" id="login"></label>
<label>Password <input name="password" id="password" type="password"></label>
<button type="submit" id="node-login">Sign in</button></form></html>`);
}

async function form(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === "login") {
    if (req.method !== "POST") return page(res, uid);
    const fields = await form(req);
    const login = fields.get("login");
    const account = config.accounts[login];
    if (!account || fields.get("password") !== config.password) {
      return page(res, uid, "Wrong login or password.");
    }
    const result = { login: { accountId: login, amr: account.amr } };
    return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }
  // consent: grant what the client asked for, at once
  const { missingOIDCScope, missingOIDCClaims } = details.prompt.details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(" "));
  if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const handle = provider.callback();
http
  .createServer(async (req, res) => {
    const match = new URL(req.url, issuer).pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
    if (!match) return handle(req, res);
    try {
      await interaction(req, res, match[1]);
    } catch (error) {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end(String(error));
    }
  })
  .listen(Number(port), "127.0.0.1", () => console.log(`listening on ${issuer}`));
