/**
 * Attack battery, portal: cross-site request forgery (OWASP ASVS V4.2.2 / V13.2.3, OWASP CSRF
 * Prevention Cheat Sheet). A page on another origin makes the victim's browser send a request
 * to the portal's tRPC endpoint. The worst case is assumed: the session cookie goes along
 * (SameSite=Lax stops a cross-*site* POST, but a sibling subdomain or another port of the same
 * host is the same site), so the request reaches the handler as the signed-in victim, an
 * admin here. Each forgery is refused before the procedure runs and nothing changes.
 *
 * Layer: `handlePortalTrpcRequest` (src/http/trpc-handler.ts), the function the portal's
 * route handler `/api/trpc/[trpc]` calls with the Request, with a real database. Next.js
 * itself is not started (the portal has no HTTP-level test setup); what sits between is
 * the proxy, which only adds headers.
 *
 * Not here: the portal's server actions (sign-in, sign-out, session renewal after a password
 * change) are refused cross-origin by Next.js itself (it compares Origin with Host for every
 * action); next-auth's own POST endpoints need its double-submit CSRF token; the Try-it
 * form's POST is checked in apps/portal (src/app/try-it/start/route.ts, Sec-Fetch-Site or
 * Origin).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import superjson from "superjson";
import { handlePortalTrpcRequest } from "../http/trpc-handler.js";
import type { TRPCContext } from "../trpc.js";
import {
  callerFor,
  confidentialApp,
  createTestWorld,
  createUser,
  type TestWorld,
} from "../testing/fixtures.js";
import { databaseState } from "./support/refusal.js";

const PORTAL = "https://portal.lotse.example";
const EVIL = "https://evil.example";
const SIBLING = "https://demo.lotse.example"; // same site, other origin

let world: TestWorld;
let context: TRPCContext;
let contextsCreated = 0;
let applicationId: string;
let invitationToken: string;
let before: Awaited<ReturnType<typeof databaseState>>;

beforeAll(async () => {
  world = await createTestWorld();
  const root = await createUser(world.prisma, "root@lotse.example");
  await world.prisma.user.update({ where: { id: root.id }, data: { role: "ADMIN" } });
  const admin = callerFor(world.prisma, { ...root, role: "ADMIN" });
  const organizationId = (await admin.organization.create({ name: "Org", slug: "org-r" })).id;
  applicationId = (await admin.application.create({ organizationId, settings: confidentialApp }))
    .application.id;
  // An invitation into another organisation, for a forged accept.
  const other = callerFor(world.prisma, await createUser(world.prisma, "owner@o.example"));
  const otherOrg = (await other.organization.create({ name: "Other", slug: "org-o" })).id;
  invitationToken = (await other.organization.createInvitation({ organizationId: otherOrg })).token;
  for (const [kid, state] of [
    ["csrf-current", "CURRENT"],
    ["csrf-next", "NEXT"],
  ] as const)
    await world.prisma.signingKey.create({
      data: { kid, alg: "ES256", state, encryptedPrivateJwk: "eyJ.x", publicJwk: { kty: "EC" } },
    });
  context = {
    prisma: world.prisma,
    session: { user: { id: root.id, email: root.email, role: "ADMIN", sessionVersion: 0 } },
  };
});
afterAll(async () => world?.close());

beforeEach(async () => {
  contextsCreated = 0;
  before = await databaseState(world.prisma);
});

function send(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: RequestInit["body"] },
) {
  return handlePortalTrpcRequest(
    new Request(`${PORTAL}/api/trpc/${path}`, { method: "POST", ...init }),
    {
      portalOrigin: PORTAL,
      createContext: () => {
        contextsCreated += 1;
        return context;
      },
    },
  );
}

const json = (input: unknown) => JSON.stringify(superjson.serialize(input));

/** The refusal's status and tRPC error code; the procedure never ran and nothing changed. */
async function expectRefused(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(((await response.json()) as { error: { data: { code: string } } }).error.data.code).toBe(
    code,
  );
  expect(contextsCreated).toBe(0);
  expect(await databaseState(world.prisma)).toEqual(before);
}

describe("attack: CSRF on the portal's tRPC endpoint", () => {
  test("a cross-site multipart form rotates no signing keys (procedure without input)", async () => {
    const form = new FormData();
    form.set("x", "1");
    await expectRefused(
      await send("admin.rotateSigningKeys", {
        headers: { origin: EVIL, "sec-fetch-site": "cross-site" },
        body: form,
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  test("the same form from an old browser without Fetch Metadata or Origin", async () => {
    const form = new FormData();
    form.set("x", "1");
    await expectRefused(
      await send("admin.rotateSigningKeys", { body: form }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  test("a cross-site urlencoded form deletes no application", async () => {
    await expectRefused(
      await send("application.delete", {
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: EVIL,
          "sec-fetch-site": "cross-site",
        },
        body: `applicationId=${applicationId}`,
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  test("a cross-site text/plain form carrying JSON deletes no application", async () => {
    await expectRefused(
      await send("application.delete", {
        headers: { "content-type": "text/plain", origin: EVIL, "sec-fetch-site": "cross-site" },
        body: json({ applicationId }),
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  test("a no-cors fetch with application/octet-stream rotates no keys", async () => {
    await expectRefused(
      await send("admin.rotateSigningKeys", {
        headers: {
          "content-type": "application/octet-stream",
          origin: EVIL,
          "sec-fetch-site": "cross-site",
        },
        body: "x",
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  test("a cross-site form signs nobody up", async () => {
    await expectRefused(
      await send("account.signUp", {
        headers: { "content-type": "application/x-www-form-urlencoded", origin: EVIL },
        body: "email=victim%40a.example&password=correct-horse-battery&name=V",
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  test("a cross-site form accepts no invitation for the victim", async () => {
    const form = new FormData();
    form.set("token", invitationToken);
    await expectRefused(
      await send("organization.acceptInvitation", {
        headers: { origin: EVIL, "sec-fetch-site": "cross-site" },
        body: form,
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  test("JSON from another site (a CORS preflight the portal never answers) is refused too", async () => {
    await expectRefused(
      await send("application.delete", {
        headers: {
          "content-type": "application/json",
          origin: EVIL,
          "sec-fetch-site": "cross-site",
        },
        body: json({ applicationId }),
      }),
      403,
      "FORBIDDEN",
    );
  });

  test("JSON from a sibling subdomain (same site, the cookie goes along)", async () => {
    await expectRefused(
      await send("application.delete", {
        headers: {
          "content-type": "application/json",
          origin: SIBLING,
          "sec-fetch-site": "same-site",
        },
        body: json({ applicationId }),
      }),
      403,
      "FORBIDDEN",
    );
  });

  test("JSON with a foreign Origin and no Fetch Metadata", async () => {
    await expectRefused(
      await send("application.delete", {
        headers: { "content-type": "application/json", origin: EVIL },
        body: json({ applicationId }),
      }),
      403,
      "FORBIDDEN",
    );
  });

  test("a mutation by GET (a link or an <img>) is not run", async () => {
    const input = encodeURIComponent(json({ applicationId }));
    const response = await send(`application.delete?input=${input}`, {
      method: "GET",
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(response.status).toBe(405);
    // tRPC's own answer, superjson-encoded.
    const body = (await response.json()) as { error: { json: { data: { code: string } } } };
    expect(body.error.json.data.code).toBe("METHOD_NOT_SUPPORTED");
    expect(await databaseState(world.prisma)).toEqual(before);
  });
});

describe("the portal's own requests still work", () => {
  test("same-origin JSON, as the portal's tRPC client sends it", async () => {
    const renamed = await send("application.update", {
      headers: {
        "content-type": "application/json",
        "sec-fetch-site": "same-origin",
        origin: "null",
      },
      body: json({ applicationId, settings: { ...confidentialApp, name: "Renamed" } }),
    });
    expect(renamed.status).toBe(200);
    const row = await world.prisma.application.findUniqueOrThrow({ where: { id: applicationId } });
    expect(row.name).toBe("Renamed");
  });

  test("JSON without Fetch Metadata and with its own Origin (older browsers, scripts)", async () => {
    const response = await send("application.update", {
      headers: { "content-type": "application/json", origin: PORTAL },
      body: json({ applicationId, settings: { ...confidentialApp, name: "Again" } }),
    });
    expect(response.status).toBe(200);
  });
});
