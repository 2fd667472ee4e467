/**
 * Fuzzing (docs/security.md "Fuzzing") of the back-channel endpoints and logout: token
 * (every grant type, with and without HTTP Basic), userinfo (GET and POST, any bearer),
 * introspection, revocation (RFC 7662, RFC 7009) and RP-initiated logout. Real codes and
 * tokens of demo-web are mixed in, so some requests get past the lookup.
 */
import fc from "fast-check";
import type * as client from "openid-client";
import { afterAll, beforeAll, describe } from "vitest";
import {
  federatedAuthorize,
  federatedLogin,
  startFederatedWorld,
  type FederatedWorld,
} from "../support/federated-world.js";
import {
  clientAuthorization,
  contentType,
  either,
  headerValue,
  octets,
  parameters,
  text,
  urlEncoded,
} from "./support/arbitraries.js";
import { send, type FuzzRequest } from "./support/http.js";
import { fuzz } from "./support/property.js";
import { expectSafeAnswer } from "./support/safe-answer.js";
import {
  CLIENT_IDS,
  CLIENT_SECRETS,
  CLIENTS,
  PKCE,
  REDIRECT_URIS,
  WEB_REDIRECT,
  webClient,
} from "./support/world.js";

/** Anna Beispiel, insured at nord (docs/sandbox.md). */
const ANNA = "X110411675";

let world: FederatedWorld;
let codes: string[];
/** Tokens of one login for userinfo, introspection, revocation and logout. */
let tokens: client.TokenEndpointResponse;
/** A second login's refresh token: rotation and reuse detection revoke its grant. */
let refreshToken: string;

beforeAll(async () => {
  world = await startFederatedWorld();
  const web = await webClient(world);
  const login = { redirectUri: WEB_REDIRECT, idp: world.idp("nord"), kvnr: ANNA };
  codes = [];
  for (let i = 0; i < 2; i += 1) {
    const { callback } = await federatedAuthorize(world, web, login);
    codes.push(callback.searchParams.get("code")!);
  }
  tokens = (await federatedLogin(world, web, { ...login, scope: "openid offline_access" })).tokens;
  refreshToken = (await federatedLogin(world, web, { ...login, scope: "openid offline_access" }))
    .tokens.refresh_token!;
}, 120_000);
afterAll(async () => world?.close());

/** A form POST with client authentication in the header, the body, both or neither. */
const formPost = (spec: () => Record<string, fc.Arbitrary<string>>) => () =>
  fc.record({
    form: fc.oneof(
      { weight: 9, arbitrary: urlEncoded(parameters(spec())) },
      { weight: 1, arbitrary: octets },
    ),
    authorization: clientAuthorization(CLIENTS),
    type: contentType("application/x-www-form-urlencoded"),
  });

const clientInBody = () => ({
  client_id: either(CLIENT_IDS),
  client_secret: either(CLIENT_SECRETS),
});

async function post(
  path: string,
  input: { form: string | Buffer; authorization: string | undefined; type: string | undefined },
  rules = {},
) {
  const headers: Record<string, string> = {};
  if (input.type !== undefined) headers["content-type"] = input.type;
  if (input.authorization !== undefined) headers.authorization = input.authorization;
  const request: FuzzRequest = { method: "POST", target: path, headers, body: input.form };
  expectSafeAnswer(request, await send(world.issuer, request), rules);
}

describe("POST /connect/token", () => {
  fuzz(
    "grant_type=authorization_code: any code, redirect_uri, verifier and client",
    formPost(() => ({
      grant_type: either(["authorization_code"]),
      code: either(codes),
      redirect_uri: either(REDIRECT_URIS),
      code_verifier: either([PKCE.verifier]),
      ...clientInBody(),
    })),
    (input) => post("/connect/token", input),
  );

  fuzz(
    "grant_type=refresh_token: any refresh token, scope and client",
    formPost(() => ({
      grant_type: either(["refresh_token"]),
      refresh_token: either([refreshToken]),
      scope: either(["openid", "openid offline_access", "openid urn:telematik:versicherter"]),
      ...clientInBody(),
    })),
    (input) => post("/connect/token", input),
  );

  fuzz(
    "other and unknown grant types (client_credentials, token exchange, CIBA, …)",
    formPost(() => ({
      grant_type: either([
        "client_credentials",
        "password",
        "implicit",
        "urn:ietf:params:oauth:grant-type:token-exchange",
        "urn:openid:params:grant-type:ciba",
        "urn:ietf:params:oauth:grant-type:device_code",
        "urn:ietf:params:oauth:grant-type:jwt-bearer",
      ]),
      scope: text,
      subject_token: either([tokens.access_token]),
      subject_token_type: either(["urn:ietf:params:oauth:token-type:access_token"]),
      auth_req_id: text,
      device_code: text,
      assertion: text,
      username: text,
      password: text,
      resource: text,
      audience: text,
      ...clientInBody(),
    })),
    (input) => post("/connect/token", input),
  );
});

describe("userinfo, introspection, revocation", () => {
  const bearer = () =>
    fc.oneof(
      fc.constant(undefined),
      either([tokens.access_token]).map((token) => headerValue(`Bearer ${token}`)),
      fc
        .tuple(fc.constantFrom("Bearer ", "bearer ", "DPoP ", "Basic ", "Bearer", ""), text)
        .map(([scheme, value]) => headerValue(scheme + value)),
    );
  const userinfoParameters = () => parameters({ access_token: either([tokens.access_token]) });

  fuzz(
    "GET /connect/userinfo: any bearer token and query",
    () => fc.tuple(bearer(), urlEncoded(userinfoParameters())),
    async ([authorization, query]) => {
      const request: FuzzRequest = {
        method: "GET",
        target: `/connect/userinfo?${query}`,
        headers: authorization === undefined ? {} : { authorization },
      };
      expectSafeAnswer(request, await send(world.issuer, request));
    },
  );

  fuzz(
    "POST /connect/userinfo: any bearer token, form and content type",
    () =>
      fc.record({
        authorization: bearer(),
        form: urlEncoded(userinfoParameters()),
        type: contentType("application/x-www-form-urlencoded"),
      }),
    (input) => post("/connect/userinfo", input),
  );

  const tokenQuestion = () => ({
    token: either([tokens.access_token, tokens.refresh_token!]),
    token_type_hint: either(["access_token", "refresh_token", "client_credentials"]),
    ...clientInBody(),
  });

  fuzz(
    "POST /connect/introspection: any token, hint and client",
    formPost(tokenQuestion),
    (input) => post("/connect/introspection", input),
  );

  fuzz("POST /connect/revocation: any token, hint and client", formPost(tokenQuestion), (input) =>
    post("/connect/revocation", input),
  );
});

describe("RP-initiated logout", () => {
  const logoutParameters = () =>
    parameters({
      id_token_hint: either([tokens.id_token!]),
      post_logout_redirect_uri: either(["http://localhost:3001/", ...REDIRECT_URIS]),
      client_id: either(CLIENT_IDS),
      state: text,
      ui_locales: either(["de", "en"]),
      logout_hint: text,
    });

  fuzz(
    "GET /connect/endsession: any hint, redirect and state",
    () => urlEncoded(logoutParameters()),
    async (query) => {
      const request: FuzzRequest = { method: "GET", target: `/connect/endsession?${query}` };
      expectSafeAnswer(request, await send(world.issuer, request), { page: true });
    },
  );

  fuzz(
    "POST /connect/endsession: any form",
    () =>
      fc.record({
        form: urlEncoded(logoutParameters()),
        authorization: fc.constant(undefined),
        type: contentType("application/x-www-form-urlencoded"),
      }),
    (input) => post("/connect/endsession", input, { page: true }),
  );

  fuzz(
    "POST /connect/endsession/confirm: any xsrf and choice",
    () =>
      fc.record({
        form: urlEncoded(parameters({ xsrf: text, logout: either(["yes"]) })),
        authorization: fc.constant(undefined),
        type: contentType("application/x-www-form-urlencoded"),
      }),
    (input) => post("/connect/endsession/confirm", input, { page: true }),
  );
});
