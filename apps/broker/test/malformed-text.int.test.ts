/**
 * Text PostgreSQL cannot store never reaches it (docs/security.md "Malformed text"): a NUL
 * (`%00`, `"\u0000"`), a lone UTF-16 surrogate (`"\ud800"` in JSON), invalid
 * percent-encoding or raw octets that are not URL-encoded text, in any parameter of any
 * endpoint, is a 4xx with the OAuth error shape (or, for a page a person sees, the 400
 * error page), never a 5xx or a stack trace, and nothing is stored.
 *
 * Requests go out through node:http, not fetch, so the bytes on the wire are exactly
 * the ones written here (fetch would re-encode raw octets in a URL).
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifyAuditChain } from "@lotse/db/audit";
import { DEMO_MOBILE, DEMO_WEB } from "@lotse/db/seed";
import { createApplication } from "./support/applications.js";
import {
  APP_REDIRECT_URIS,
  startFederatedWorld,
  type FederatedWorld,
} from "./support/federated-world.js";

let world: FederatedWorld;
/** A confidential application, so requests get past client authentication. */
let confidential: { clientId: string; secret: string };

beforeAll(async () => {
  world = await startFederatedWorld();
  confidential = await createApplication(world.prisma);
});
afterAll(async () => world?.close());

interface Answer {
  status: number;
  type: string;
  text: string;
}

/** One request with exactly these octets in the request target and body. */
function send(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  const { hostname, port } = new URL(world.issuer);
  return new Promise((resolve, reject) => {
    const request = http.request(
      // A string path is written as latin1, so "\xff" is the octet 0xff on the wire.
      { method, hostname, port, path, headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            type: response.headers["content-type"] ?? "",
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

const FORM = { "content-type": "application/x-www-form-urlencoded" };
/** An app's web build calls the native APIs cross-origin; CORS looks its client up too. */
const APP_ORIGIN = { origin: new URL(APP_REDIRECT_URIS[0]!).origin };
const JSON_TYPE = { "content-type": "application/json", ...APP_ORIGIN };
const basic = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`;

/** Malformed values for a query or a form, as they appear on the wire. */
const MALFORMED_URLENCODED: Array<[string, string]> = [
  ["NUL", "%00"],
  ["NUL inside a value", "abc%00def"],
  ["percent-encoded octets that are not UTF-8", "%ff%fe"],
  ["a percent-encoded surrogate (CESU-8)", "%ED%A0%80"],
  ["invalid percent-encoding", "%zz"],
];
/** Raw octets that are not UTF-8 (a string path or latin1 body puts "\xff" on the wire as 0xff). */
const RAW_NOT_UTF8 = "\xff\xfe";

/** Malformed strings for a JSON body (JSON.stringify escapes both). */
const MALFORMED_JSON: Array<[string, string]> = [
  ["NUL", "\u0000"],
  ["NUL inside a value", "abc\u0000def"],
  ["a lone high surrogate", "\ud800"],
  ["a lone low surrogate", "x\udc00"],
];

const authorizeParams = (extra: Record<string, string> = {}) => {
  const params = new URLSearchParams({
    client_id: DEMO_WEB.clientId,
    response_type: "code",
    redirect_uri: DEMO_WEB.redirectUris[0],
    scope: "openid",
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    code_challenge_method: "S256",
    state: "well-formed-state",
    nonce: "well-formed-nonce",
    ...extra,
  });
  return params;
};

/** The query of a valid authorization request with one parameter replaced by `raw`. */
function authorizeQuery(name: string, raw: string, extra: Record<string, string> = {}): string {
  const params = authorizeParams(extra);
  params.delete(name);
  return `${params.toString()}&${name}=${raw}`;
}

function expectNoStack(answer: Answer): void {
  expect(answer.text).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(answer.text).not.toMatch(/PrismaClient|invalid byte sequence|unsupported Unicode/i);
}

/** A 4xx JSON body `{error, error_description}` with one of `codes`. */
function expectOAuthError(answer: Answer, codes: string[]): void {
  expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
  expect(answer.status, answer.text).toBeLessThan(500);
  expect(answer.type).toContain("application/json");
  const body = JSON.parse(answer.text) as { error?: unknown; error_description?: unknown };
  expect(codes).toContain(body.error);
  expect(typeof body.error_description).toBe("string");
  expectNoStack(answer);
}

/** The error page a person sees: 400, HTML. */
function expectErrorPage(answer: Answer): void {
  expect(answer.status, answer.text).toBe(400);
  expect(answer.type).toContain("text/html");
  expectNoStack(answer);
}

/** Runs a request and checks that it stored nothing (no interaction, flow, code, token). */
async function storingNothing(request: () => Promise<Answer>): Promise<Answer> {
  const before = await world.prisma.oidcPayload.count();
  const answer = await request();
  expect(await world.prisma.oidcPayload.count(), "rows stored").toBe(before);
  return answer;
}

describe.each(MALFORMED_URLENCODED)("query value: %s", (_name, raw) => {
  test("GET /connect/auth client_id → error page", async () => {
    expectErrorPage(
      await storingNothing(() => send("GET", `/connect/auth?${authorizeQuery("client_id", raw)}`)),
    );
  });

  test("GET /connect/auth state → error page", async () => {
    expectErrorPage(
      await storingNothing(() => send("GET", `/connect/auth?${authorizeQuery("state", raw)}`)),
    );
  });

  test("GET /connect/auth?response_format=json client_id and state → JSON invalid_request", async () => {
    const json = { response_format: "json", provider: world.idp("nord") };
    for (const name of ["client_id", "state"])
      expectOAuthError(
        await storingNothing(() =>
          send("GET", `/connect/auth?${authorizeQuery(name, raw, json)}`, { headers: APP_ORIGIN }),
        ),
        ["invalid_request"],
      );
  });

  test("GET /oidcf/signin state → error page", async () => {
    expectErrorPage(await storingNothing(() => send("GET", `/oidcf/signin?code=abc&state=${raw}`)));
  });

  test("GET /connect/interaction/<uid>/signin state → error page", async () => {
    expectErrorPage(
      await storingNothing(() => send("GET", `/connect/interaction/some-uid/signin?state=${raw}`)),
    );
  });

  test("GET /api/v1/idps relyingPartyId → JSON invalid_request", async () => {
    for (const name of ["relyingPartyId", "relayingPartyId"])
      expectOAuthError(
        await storingNothing(() =>
          send("GET", `/api/v1/idps?${name}=${raw}`, { headers: APP_ORIGIN }),
        ),
        ["invalid_request"],
      );
  });

  test("GET /connect/userinfo access_token → JSON 4xx", async () => {
    expectOAuthError(
      await storingNothing(() => send("GET", `/connect/userinfo?access_token=${raw}`)),
      ["invalid_request", "invalid_token"],
    );
  });
});

describe("query: raw octets that are not UTF-8", () => {
  test("Node's HTTP parser refuses them before the broker: 400, never 5xx", async () => {
    for (const path of [
      `/connect/auth?${authorizeQuery("client_id", RAW_NOT_UTF8)}`,
      `/oidcf/signin?state=${RAW_NOT_UTF8}`,
      `/api/v1/idps?relyingPartyId=${RAW_NOT_UTF8}`,
    ]) {
      const answer = await storingNothing(() => send("GET", path));
      expect(answer.status).toBe(400);
      expectNoStack(answer);
    }
  });
});

describe.each([...MALFORMED_URLENCODED, ["raw octets that are not UTF-8", RAW_NOT_UTF8]])(
  "form value: %s",
  (_name, raw) => {
    const form = (body: string) => ({ headers: FORM, body: Buffer.from(body, "latin1") });
    const withSecret = (body: string) =>
      form(`${body}&client_id=${confidential.clientId}&client_secret=${confidential.secret}`);

    test("POST /connect/token client_id → invalid_request", async () => {
      expectOAuthError(
        await storingNothing(() =>
          send(
            "POST",
            "/connect/token",
            form(`grant_type=authorization_code&code=abc&client_id=${raw}`),
          ),
        ),
        ["invalid_request"],
      );
    });

    test("POST /connect/par client_id → invalid_request", async () => {
      expectOAuthError(
        await storingNothing(() =>
          send("POST", "/connect/par", form(authorizeQuery("client_id", raw))),
        ),
        ["invalid_request"],
      );
    });

    test("POST /connect/par state of an authenticated client → invalid_request", async () => {
      const params = authorizeParams({ client_id: confidential.clientId });
      params.set("redirect_uri", "http://localhost:5999/callback");
      params.delete("state");
      expectOAuthError(
        await storingNothing(() =>
          send(
            "POST",
            "/connect/par",
            form(`${params}&client_secret=${confidential.secret}&state=${raw}`),
          ),
        ),
        ["invalid_request"],
      );
    });

    test("POST /connect/token refresh_token of an authenticated client → invalid_request", async () => {
      expectOAuthError(
        await storingNothing(() =>
          send(
            "POST",
            "/connect/token",
            withSecret(`grant_type=refresh_token&refresh_token=${raw}`),
          ),
        ),
        ["invalid_request"],
      );
    });

    test("POST /connect/token code of an authenticated client → invalid_request", async () => {
      expectOAuthError(
        await storingNothing(() =>
          send(
            "POST",
            "/connect/token",
            withSecret(
              `grant_type=authorization_code&redirect_uri=http%3A%2F%2Flocalhost%3A5999%2Fcallback&code_verifier=${"a".repeat(43)}&code=${raw}`,
            ),
          ),
        ),
        ["invalid_request"],
      );
    });

    test("POST /connect/introspection and /connect/revocation token → invalid_request", async () => {
      for (const path of ["/connect/introspection", "/connect/revocation"])
        expectOAuthError(
          await storingNothing(() => send("POST", path, withSecret(`token=${raw}`))),
          ["invalid_request"],
        );
    });

    test("POST /connect/userinfo access_token → JSON 4xx", async () => {
      expectOAuthError(
        await storingNothing(() => send("POST", "/connect/userinfo", form(`access_token=${raw}`))),
        ["invalid_request", "invalid_token"],
      );
    });

    test("POST /connect/endsession state and client_id → 4xx", async () => {
      for (const name of ["client_id", "state", "id_token_hint"]) {
        const answer = await storingNothing(() =>
          send("POST", "/connect/endsession", form(`${name}=${raw}`)),
        );
        expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
        expect(answer.status, answer.text).toBeLessThan(500);
        expectNoStack(answer);
      }
    });
  },
);

describe("form body: raw NUL octet", () => {
  test("POST /connect/token with a NUL octet in refresh_token → invalid_request", async () => {
    const body = Buffer.concat([
      Buffer.from(
        `client_id=${confidential.clientId}&client_secret=${confidential.secret}&grant_type=refresh_token&refresh_token=ab`,
      ),
      Buffer.from([0x00]),
    ]);
    expectOAuthError(
      await storingNothing(() => send("POST", "/connect/token", { headers: FORM, body })),
      ["invalid_request"],
    );
  });
});

describe("client authentication header", () => {
  test.each([
    ["NUL client id", "%00", "secret"],
    ["NUL inside the client id", "demo%00web", "secret"],
    ["NUL secret", DEMO_WEB.clientId, "%00"],
  ])("Basic with %s → invalid_client", async (_name, clientId, secret) => {
    for (const path of [
      "/connect/token",
      "/connect/par",
      "/connect/introspection",
      "/connect/revocation",
    ])
      expectOAuthError(
        await storingNothing(() =>
          send("POST", path, {
            headers: { ...FORM, authorization: basic(clientId, secret) },
            body: `grant_type=authorization_code&code=abc&token=abc&${authorizeQuery("client_id", "x")}`,
          }),
        ),
        ["invalid_client", "invalid_request"],
      );
  });
});

describe.each(MALFORMED_JSON)("POST /oidcf/exchange/mobile, JSON string: %s", (_name, bad) => {
  const exchange = (body: unknown) =>
    storingNothing(() =>
      send("POST", "/oidcf/exchange/mobile", { headers: JSON_TYPE, body: JSON.stringify(body) }),
    );
  const good = { clientId: DEMO_MOBILE.clientId, code: "abc", state: "def" };

  test.each(["clientId", "code", "state"])("in %s → invalid_request", async (field) => {
    expectOAuthError(await exchange({ ...good, [field]: bad }), ["invalid_request"]);
  });

  test("as redirectUrl → invalid_request", async () => {
    expectOAuthError(await exchange({ clientId: DEMO_MOBILE.clientId, redirectUrl: bad }), [
      "invalid_request",
    ]);
  });

  test("inside the redirectUrl's state and code → invalid_request", async () => {
    for (const query of [`code=abc&state=${bad}`, `code=${bad}&state=def`])
      expectOAuthError(
        await exchange({
          clientId: DEMO_MOBILE.clientId,
          redirectUrl: `${APP_REDIRECT_URIS[0]}?${query}`,
        }),
        ["invalid_request"],
      );
  });

  test("as a key → invalid_request", async () => {
    expectOAuthError(await exchange({ ...good, [`x${bad}`]: "y" }), ["invalid_request"]);
  });
});

describe("percent-encoded inside the exchange's redirectUrl", () => {
  test.each(MALFORMED_URLENCODED.filter(([, raw]) => raw.startsWith("%") || raw.includes("%")))(
    "%s in state → invalid_request",
    async (_name, raw) => {
      expectOAuthError(
        await storingNothing(() =>
          send("POST", "/oidcf/exchange/mobile", {
            headers: JSON_TYPE,
            body: JSON.stringify({
              clientId: DEMO_MOBILE.clientId,
              redirectUrl: `${APP_REDIRECT_URIS[0]}?code=abc&state=${raw}`,
            }),
          }),
        ),
        ["invalid_request"],
      );
    },
  );
});

describe("path segments", () => {
  test.each(["%00", "%ff", "%ED%A0%80"])(
    "GET /connect/interaction/%s → error page",
    async (raw) => {
      expectErrorPage(await storingNothing(() => send("GET", `/connect/interaction/${raw}`)));
    },
  );
});

describe("afterwards", () => {
  test("the audit chain still verifies", async () => {
    expect(await verifyAuditChain(world.prisma)).toMatchObject({ ok: true });
  });
});
