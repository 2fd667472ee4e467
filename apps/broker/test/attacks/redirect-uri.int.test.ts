/**
 * Attack battery: redirect URI tricks (RFC 9700 §4.1, §2.1; RFC 6749 §3.1.2, §4.1.2.1;
 * OAuth 2.1 exact matching). The broker compares a web application's redirect_uri to the
 * registered ones exactly: every variant an attacker might hope a looser comparison takes
 * is refused on the broker's own error page, never redirected to, and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_WEB } from "@lotse/db/seed";
import { startTestBroker, type TestBroker } from "../support/test-broker.js";

const REGISTERED = DEMO_WEB.redirectUris[0]!; // http://localhost:3001/api/auth/callback/lotse

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => broker?.close());

const VARIANTS: [string, string][] = [
  ["another host", "https://attacker.example/api/auth/callback/lotse"],
  ["upper-case host", REGISTERED.replace("localhost", "LOCALHOST")],
  ["upper-case path", REGISTERED.replace("/callback/", "/CALLBACK/")],
  ["trailing slash", `${REGISTERED}/`],
  ["extra path segment", `${REGISTERED}/more`],
  ["path traversal", REGISTERED.replace("/lotse", "/lotse/../../../evil")],
  ["encoded path traversal", REGISTERED.replace("/lotse", "/lotse/%2e%2e/%2e%2e/evil")],
  ["added query", `${REGISTERED}?next=https://attacker.example`],
  ["fragment", `${REGISTERED}#https://attacker.example`],
  ["userinfo before the host", REGISTERED.replace("localhost", "attacker.example@localhost")],
  ["host as userinfo", REGISTERED.replace("localhost:3001", "localhost:3001@attacker.example")],
  ["another port", REGISTERED.replace(":3001", ":3002")],
  ["no port", REGISTERED.replace(":3001", "")],
  ["https instead of http", REGISTERED.replace("http:", "https:")],
  ["trailing dot in the host", REGISTERED.replace("localhost", "localhost.")],
  ["look-alike host (IDN)", REGISTERED.replace("localhost", "l\u043ecalhost")],
  ["punycode host", REGISTERED.replace("localhost", "xn--lcalhost-9gg")],
  ["loopback IP for the registered name", REGISTERED.replace("localhost", "127.0.0.1")],
  ["IPv6 loopback", REGISTERED.replace("localhost", "[::1]")],
  ["double slash in the path", REGISTERED.replace("/api/", "//api/")],
  ["backslash", REGISTERED.replace("/api/", "\\api/")],
  ["javascript: scheme", "javascript:alert(document.domain)//"],
  ["data: scheme", "data:text/html,<script>alert(1)</script>"],
  ["relative", "/api/auth/callback/lotse"],
  ["scheme-relative", "//attacker.example/api/auth/callback/lotse"],
  ["leading space", ` ${REGISTERED}`],
];

function authorizeWith(redirectUri: string): URL {
  const url = new URL(`${broker.issuer}/connect/auth`);
  url.search = new URLSearchParams({
    client_id: DEMO_WEB.clientId,
    response_type: "code",
    scope: "openid",
    redirect_uri: redirectUri,
    state: "attack-state",
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    code_challenge_method: "S256",
  }).toString();
  return url;
}

describe("attack: redirect URI tricks are refused, never followed", () => {
  test.each(VARIANTS)("%s", async (_name, redirectUri) => {
    const before = await broker.prisma.oidcPayload.count();
    const response = await fetch(authorizeWith(redirectUri), { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    const page = await response.text();
    expect(page).toContain("redirect_uri");
    expect(page).not.toMatch(/\n\s+at .+:\d+/); // no stack trace
    expect(await broker.prisma.oidcPayload.count()).toBe(before);
  });

  test("the registered URI itself goes on to the login (the control case)", async () => {
    const response = await fetch(authorizeWith(REGISTERED), { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get("location")!, broker.issuer).pathname).toMatch(
      /^\/connect\/interaction\//,
    );
  });
});
