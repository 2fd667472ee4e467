/**
 * Fuzzing (docs/security.md "Fuzzing") of the authorization endpoint (the browser's and
 * native flow B's JSON answer, RFC 6749 §4.1.1, DESIGN.md §4), its POST, and pushed
 * authorization requests (RFC 9126): every parameter missing, repeated, valid or any text.
 */
import querystring from "node:querystring";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { startFederatedWorld, type FederatedWorld } from "../support/federated-world.js";
import {
  clientAuthorization,
  contentType,
  either,
  parameters,
  text,
  urlEncoded,
} from "./support/arbitraries.js";
import { send, type FuzzRequest } from "./support/http.js";
import { fuzz } from "./support/property.js";
import { expectErrorShape, expectSafeAnswer, refusedByNode } from "./support/safe-answer.js";
import {
  CLIENT_IDS,
  CLIENT_SECRETS,
  CLIENTS,
  idpIssuers,
  PKCE,
  REDIRECT_URIS,
} from "./support/world.js";

let world: FederatedWorld;
beforeAll(async () => {
  world = await startFederatedWorld();
});
afterAll(async () => world?.close());

/** Every parameter an authorization request may carry here (OIDC Core §3.1.2.1, DESIGN.md §4). */
const authorizationParameters = () => ({
  client_id: either(CLIENT_IDS),
  redirect_uri: either(REDIRECT_URIS),
  response_type: either(["code", "code id_token", "token", "none"]),
  scope: either([
    "openid",
    "openid offline_access",
    "openid urn:telematik:versicherter urn:telematik:display_name",
    "profile email",
  ]),
  state: text,
  nonce: text,
  code_challenge: either([PKCE.challenge]),
  code_challenge_method: either(["S256", "plain"]),
  prompt: either(["login", "none", "consent", "select_account", "login consent"]),
  max_age: either(["0", "60", "-1", "1e9"]),
  ui_locales: either(["de", "en", "de-DE en"]),
  acr_values: either(["gematik-ehealth-loa-high", "gematik-ehealth-loa-substantial"]),
  response_mode: either(["query", "fragment", "form_post", "jwt"]),
  claims: either(['{"id_token":{"acr":null}}', '{"userinfo":{"email":{"essential":true}}}']),
  request: either(["eyJhbGciOiJub25lIn0.eyJjbGllbnRfaWQiOiJkZW1vLXdlYiJ9."]),
  request_uri: either(["urn:ietf:params:oauth:request_uri:fuzz"]),
  id_token_hint: text,
  login_hint: text,
  provider: either(idpIssuers(world)),
  gematik_enable_testing: either(["true"]),
  gematik_login_user: either(["X110411675"]),
  sandbox_simulate: either(["unencrypted_id_token"]),
});

/** The query as the broker reads it: after the first `?`, before a `#` (Koa, parseurl). */
function serverQuery(target: string) {
  const [beforeFragment = ""] = target.split("#");
  return querystring.parse(beforeFragment.slice(beforeFragment.indexOf("?") + 1));
}

describe("GET /connect/auth", () => {
  fuzz(
    "any parameter (the browser's flow: a redirect or an error page)",
    () =>
      urlEncoded(
        parameters({ ...authorizationParameters(), response_format: either(["json", "html"]) }),
      ),
    async (query) => {
      const request: FuzzRequest = { method: "GET", target: `/connect/auth?${query}` };
      expectSafeAnswer(request, await send(world.issuer, request), {
        page: serverQuery(`?${query}`).response_format !== "json",
      });
    },
  );

  fuzz(
    "response_format=json: always JSON, {url} or an OAuth error, never a redirect",
    () => urlEncoded(parameters(authorizationParameters())),
    async (query) => {
      const request: FuzzRequest = {
        method: "GET",
        target: `/connect/auth?response_format=json&${query}`,
      };
      const answer = await send(world.issuer, request);
      expectSafeAnswer(request, answer);
      if (refusedByNode(request, answer) || serverQuery(request.target).response_format !== "json")
        return;
      const context = `${request.target.slice(0, 300)} → ${answer.status} ${answer.text.slice(0, 300)}`;
      expect(answer.type, context).toBe("application/json");
      if (answer.status === 200)
        expect(Object.keys(JSON.parse(answer.text) as object), context).toEqual(["url"]);
      else {
        expect(answer.status, context).toBeGreaterThanOrEqual(400);
        expectErrorShape(JSON.parse(answer.text), context);
      }
    },
  );
});

describe("POST /connect/auth and /connect/par", () => {
  const formRequest = () =>
    fc.record({
      form: urlEncoded(
        parameters({
          ...authorizationParameters(),
          client_secret: either(CLIENT_SECRETS),
          client_assertion_type: either(["urn:ietf:params:oauth:client-assertion-type:jwt-bearer"]),
          client_assertion: text,
        }),
      ),
      authorization: clientAuthorization(CLIENTS),
      type: contentType("application/x-www-form-urlencoded"),
    });

  for (const path of ["/connect/auth", "/connect/par"])
    fuzz(
      `POST ${path}: any form, client authentication and content type`,
      formRequest,
      async (input) => {
        const headers: Record<string, string> = {};
        if (input.type !== undefined) headers["content-type"] = input.type;
        if (input.authorization !== undefined) headers.authorization = input.authorization;
        const request: FuzzRequest = { method: "POST", target: path, headers, body: input.form };
        expectSafeAnswer(request, await send(world.issuer, request), {
          page: path === "/connect/auth",
        });
      },
    );
});
