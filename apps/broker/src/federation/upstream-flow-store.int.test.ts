/**
 * The pending upstream logins through node-postgres (upstream-flow-store.ts): stored and
 * read as Prisma stored them, taken exactly once even by requests racing for the same
 * state, expired ones never returned, and times in UTC whatever the session's time zone.
 */
import { poolOf } from "@lotse/db";
import { createTestPrisma, setPoolTimeZone, type TestPrisma } from "@lotse/db/testing";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createUpstreamFlowStore, type UpstreamFlow } from "./upstream-flow-store.js";

let db: TestPrisma;

beforeAll(async () => {
  db = await createTestPrisma();
});
afterAll(async () => db?.close());

const flow = (uid: string): UpstreamFlow => ({
  interactionUid: uid,
  clientId: "demo-web",
  idpIssuer: "https://idp.example",
  codeVerifier: "verifier",
  nonce: "nonce",
  redirectUri: "https://broker.example/oidcf/signin",
  flowId: `flow-${uid}`,
});

describe("upstream flow store on the pool", () => {
  test("a flow is stored as the OidcPayload row it always was, read, and taken once", async () => {
    const store = createUpstreamFlowStore(db.prisma);
    const query = vi.spyOn(poolOf(db.prisma)!, "query");
    try {
      await store.save("state-1", flow("uid-1"), 600);
      expect(await store.interactionOf("state-1")).toBe("uid-1");
      expect(await store.peek("state-1")).toEqual(flow("uid-1"));
      const names = query.mock.calls.map(([config]) => (config as { name?: string }).name);
      expect(names).toEqual([
        "lotse_upstream_flow_insert",
        "lotse_upstream_flow_read",
        "lotse_upstream_flow_read",
      ]);
    } finally {
      query.mockRestore();
    }
    const row = await db.prisma.oidcPayload.findUniqueOrThrow({
      where: { id_type: { id: "state-1", type: "UpstreamFlow" } },
    });
    expect(row).toMatchObject({
      payload: flow("uid-1"),
      uid: "uid-1",
      grantId: null,
      userCode: null,
      consumedAt: null,
    });
    expect(await store.consume("state-1")).toEqual(flow("uid-1"));
    expect(await store.consume("state-1")).toBeUndefined();
    expect(await store.peek("state-1")).toBeUndefined();
    expect(await store.interactionOf("state-1")).toBeUndefined();
  });

  test("of requests racing for one state, exactly one takes the flow", async () => {
    const store = createUpstreamFlowStore(db.prisma);
    await store.save("state-race", flow("uid-race"), 600);
    const taken = await Promise.all(Array.from({ length: 6 }, () => store.consume("state-race")));
    expect(taken.filter((found) => found !== undefined)).toEqual([flow("uid-race")]);
  });

  test("a state used twice is refused, not overwritten", async () => {
    const store = createUpstreamFlowStore(db.prisma);
    await store.save("state-dup", flow("uid-a"), 600);
    await expect(store.save("state-dup", flow("uid-b"), 600)).rejects.toThrow(/duplicate key/);
    expect(await store.peek("state-dup")).toEqual(flow("uid-a"));
  });

  test("expiry is kept in UTC, also when every pooled connection has another time zone", async () => {
    // UTC+14: a statement that let the session's zone in would shift times by 14 hours.
    await setPoolTimeZone(db.prisma);
    const store = createUpstreamFlowStore(db.prisma);
    await store.save("state-tz", flow("uid-tz"), 60);
    await store.save("state-short", flow("uid-short"), 1);
    const row = await db.prisma.oidcPayload.findUniqueOrThrow({
      where: { id_type: { id: "state-tz", type: "UpstreamFlow" } },
    });
    expect((row.expiresAt!.getTime() - Date.now()) / 1000).toBeGreaterThan(55);
    expect((row.expiresAt!.getTime() - Date.now()) / 1000).toBeLessThan(61);
    expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(5000);
    expect(await store.interactionOf("state-tz")).toBe("uid-tz");
    expect(await store.peek("state-short")).toEqual(flow("uid-short"));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // Expired: neither read nor taken, though the row is still there until the cleanup.
    expect(await store.interactionOf("state-short")).toBeUndefined();
    expect(await store.peek("state-short")).toBeUndefined();
    expect(await store.consume("state-short")).toBeUndefined();
    expect(await store.consume("state-tz")).toEqual(flow("uid-tz"));
  });

  test("a state PostgreSQL cannot hold finds nothing, without a query", async () => {
    const store = createUpstreamFlowStore(db.prisma);
    const query = vi.spyOn(poolOf(db.prisma)!, "query");
    try {
      expect(await store.interactionOf("bad\u0000state")).toBeUndefined();
      expect(await store.peek("\ud800")).toBeUndefined();
      expect(await store.consume("bad\u0000state")).toBeUndefined();
      expect(query).not.toHaveBeenCalled();
    } finally {
      query.mockRestore();
    }
  });
});
