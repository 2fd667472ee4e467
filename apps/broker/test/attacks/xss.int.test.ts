/**
 * Attack battery: cross-site scripting through what developers register (OWASP ASVS V5.3):
 * an application's name, logo and redirect URIs end up on the broker's chooser page, in its
 * markup and in its Content-Security-Policy. A hostile registration must neither run script
 * there nor loosen the policy.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApplication } from "../support/applications.js";
import {
  authorizationRequest,
  startFederatedWorld,
  type FederatedWorld,
} from "../support/federated-world.js";
import { relyingParty } from "../support/relying-party.js";

const HOSTILE_NAME = `Evil"><script>alert(1)</script><img src=x onerror=alert(2)>`;
const HOSTILE_LOGO = `https://evil.example/l.png?"><script>alert(4)</script>`;
// Written to the database directly, past the portal's checks: the broker must not rely on
// them. All parse as URLs (the space is encoded) and carry CSP syntax in their path.
const HOSTILE_REDIRECTS = [
  "http://localhost:5999/callback",
  "https://evil.example/cb;script-src;*;'unsafe-inline'",
  "https://evil.example/cb'unsafe-eval'",
  "https://evil.example/cb script-src * 'unsafe-inline'",
];

let world: FederatedWorld;
let page: string;
let csp: string;

beforeAll(async () => {
  world = await startFederatedWorld();
  const app = await createApplication(world.prisma, { redirectUris: HOSTILE_REDIRECTS });
  await world.prisma.application.update({
    where: { clientId: app.clientId },
    data: { name: HOSTILE_NAME, logoUri: HOSTILE_LOGO },
  });
  const config = await relyingParty(world, app.clientId, { secret: app.secret });
  const { url } = await authorizationRequest(config, { redirectUri: HOSTILE_REDIRECTS[0]! });
  // To the chooser page, without `provider=`: the interaction sets its cookie on the way.
  let response = await fetch(url, { redirect: "manual" });
  const cookies = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  response = await fetch(new URL(response.headers.get("location")!, url), {
    headers: { cookie: cookies },
  });
  expect(response.status).toBe(200);
  page = await response.text();
  csp = response.headers.get("content-security-policy") ?? "";
});
afterAll(async () => world?.close());

describe("attack: XSS through a hostile registration on the chooser", () => {
  test("the application's name is text, not markup", () => {
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).not.toMatch(/<img[^>]*onerror/i);
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  test("a logo URL cannot break out of its attribute", () => {
    expect(page).not.toContain("<script>alert(4)</script>");
  });

  test("a javascript: logo makes the application unusable rather than a link on the page", async () => {
    const app = await createApplication(world.prisma);
    await world.prisma.application.update({
      where: { clientId: app.clientId },
      data: { logoUri: "javascript:alert(3)" },
    });
    const config = await relyingParty(world, app.clientId, { secret: app.secret });
    const { url } = await authorizationRequest(config, {
      redirectUri: "http://localhost:5999/callback",
    });
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain("javascript:alert(3)");
  });

  test("no inline script runs without the page's nonce", () => {
    const scriptSrc = csp
      .split(";")
      .map((d) => d.trim())
      .filter((d) => d.startsWith("script-src"));
    expect(scriptSrc).toHaveLength(1);
    expect(scriptSrc[0]).toMatch(/'nonce-[^']+'/);
    expect(scriptSrc[0]).not.toContain("unsafe-inline");
    for (const tag of page.match(/<script\b[^>]*>/gi) ?? []) expect(tag).toMatch(/nonce="/);
  });

  test("hostile redirect URIs add no directive to the policy", () => {
    expect(csp).not.toContain("'unsafe-inline'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toMatch(/script-src \*/);
    const directives = csp.split(";").map((d) => d.trim().split(" ")[0]);
    expect(new Set(directives).size).toBe(directives.length);
  });
});
