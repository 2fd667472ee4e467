/**
 * Fuzzing (docs/security.md "Fuzzing"): the public documents with any query, and every
 * endpoint with any method, any spelling of its path, any body and CORS headers.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe } from "vitest";
import { startFederatedWorld, type FederatedWorld } from "../support/federated-world.js";
import {
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

let world: FederatedWorld;
beforeAll(async () => {
  world = await startFederatedWorld();
});
afterAll(async () => world?.close());

const DOCUMENTS = [
  "/.well-known/openid-configuration",
  "/.well-known/jwks",
  "/federation/jwks",
  "/.well-known/openid-federation",
  "/api/openapi.json",
  "/api/docs",
  "/healthz",
];

/** Every public path (apps/broker/src: app.ts, oidc/routes.ts, native-api/, interactions/). */
const ENDPOINTS = [
  ...DOCUMENTS,
  "/connect/auth",
  "/connect/par",
  "/connect/token",
  "/connect/userinfo",
  "/connect/introspection",
  "/connect/revocation",
  "/connect/endsession",
  "/connect/endsession/confirm",
  "/connect/ciba",
  "/connect/interaction/unknown-uid",
  "/connect/interaction/unknown-uid/signin",
  "/api/v1/idps",
  "/oidcf/exchange/mobile",
  "/oidcf/signin",
];

/** Where a person's browser lands: an HTML error page is documented there. */
const PAGES = /^\/(connect\/(auth|endsession|interaction)|oidcf\/signin|api\/docs)/i;

/** The same path as the routers read it (oidc/routes.ts canonicalPath), spelled otherwise. */
const spellings: Array<(path: string) => string> = [
  (path) => path,
  (path) => path.toUpperCase(),
  (path) => `${path}/`,
  (path) => `${path}//`,
  (path) => path.replace(/[a-z]/, (letter) => `%${letter.charCodeAt(0).toString(16)}`),
  (path) => path.replace("/", "//"),
  (path) => `${path}/..`,
  (path) => `${path};x=1`,
];

describe("public documents with any query", () => {
  for (const path of DOCUMENTS)
    fuzz(`GET ${path}`, urlEncoded(parameters({})), async (query) => {
      const request: FuzzRequest = { method: "GET", target: `${path}?${query}` };
      expectSafeAnswer(request, await send(world.issuer, request), {
        page: path === "/api/docs",
      });
    });
});

describe("every endpoint with any method and spelling", () => {
  fuzz(
    "any method, path spelling, body, Origin and preflight",
    () =>
      fc.record({
        method: fc.constantFrom(
          "GET",
          "POST",
          "PUT",
          "DELETE",
          "PATCH",
          "OPTIONS",
          "HEAD",
          "TRACE",
        ),
        path: fc.constantFrom(...ENDPOINTS),
        spelling: fc.integer({ min: 0, max: spellings.length - 1 }),
        query: urlEncoded(parameters({})),
        type: contentType("application/x-www-form-urlencoded"),
        body: fc.option(fc.oneof(urlEncoded(parameters({})), octets, text)),
        origin: fc.option(either(["http://localhost:8081", "http://localhost:3001", "null"])),
        preflight: fc.option(either(["GET", "POST"])),
      }),
    async (input) => {
      const path = spellings[input.spelling]!(input.path);
      const headers: Record<string, string> = {};
      if (input.type !== undefined) headers["content-type"] = input.type;
      if (input.origin !== null) headers.origin = headerValue(input.origin);
      if (input.preflight !== null)
        headers["access-control-request-method"] = headerValue(input.preflight);
      const request: FuzzRequest = {
        method: input.method,
        target: `${path}?${input.query}`,
        headers,
        ...(input.body !== null && input.method !== "GET" && input.method !== "HEAD"
          ? { body: input.body }
          : {}),
      };
      expectSafeAnswer(request, await send(world.issuer, request), {
        page: PAGES.test(input.path),
      });
    },
  );
});
