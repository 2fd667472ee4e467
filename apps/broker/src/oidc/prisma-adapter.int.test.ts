/** The oidc-provider adapter on a real database: each method, expiry, consumption, grants. */
import { randomBytes } from "node:crypto";
import { errors } from "oidc-provider";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestPrisma, type TestPrisma } from "@lotse/db/testing";
import { deleteExpired } from "./expired-cleanup.js";
import { PrismaAdapter } from "./prisma-adapter.js";

let db: TestPrisma;

beforeAll(async () => {
  db = await createTestPrisma();
});
afterAll(async () => db?.close());

describe("PrismaAdapter", () => {
  test("upsert and find, per model type", async () => {
    const codes = new PrismaAdapter(db.prisma, "AuthorizationCode");
    const sessions = new PrismaAdapter(db.prisma, "Session");
    await codes.upsert("same-id", { grantId: "g1", accountId: "a" }, 60);
    await sessions.upsert("same-id", { uid: "u1", accountId: "b" }, 60);
    expect(await codes.find("same-id")).toEqual({ grantId: "g1", accountId: "a" });
    expect(await sessions.findByUid("u1")).toEqual({ uid: "u1", accountId: "b" });
    await codes.upsert("same-id", { grantId: "g1", accountId: "changed" }, 60);
    expect(await codes.find("same-id")).toMatchObject({ accountId: "changed" });
  });

  test("consume marks the payload, and it stays consumed", async () => {
    const codes = new PrismaAdapter(db.prisma, "AuthorizationCode");
    await codes.upsert("c1", { grantId: "g2" }, 60);
    await codes.consume("c1");
    expect((await codes.find("c1"))?.consumed).toEqual(expect.any(Number));
    await codes.upsert("c1", { grantId: "g2" }, 60);
    expect((await codes.find("c1"))?.consumed).toEqual(expect.any(Number));
  });

  test("only one consume wins; a second is a reuse that revokes the grant (RFC 9700 §4.14.2)", async () => {
    const codes = new PrismaAdapter(db.prisma, "AuthorizationCode");
    const access = new PrismaAdapter(db.prisma, "AccessToken");
    const grants = new PrismaAdapter(db.prisma, "Grant");
    await grants.upsert("g4", { accountId: "a" }, 60);
    await codes.upsert("c4", { grantId: "g4" }, 60);
    await access.upsert("t4", { grantId: "g4" }, 60);
    await grants.upsert("g5", { accountId: "a" }, 60);
    await access.upsert("t5", { grantId: "g5" }, 60);

    const results = await Promise.allSettled([codes.consume("c4"), codes.consume("c4")]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const [lost] = results.filter((result) => result.status === "rejected");
    expect(lost!.reason).toBeInstanceOf(errors.InvalidGrant);
    expect(lost!.reason).toMatchObject({ error: "invalid_grant", status: 400 });

    expect(await grants.find("g4")).toBeUndefined();
    expect(await codes.find("c4")).toBeUndefined();
    expect(await access.find("t4")).toBeUndefined();
    // Another grant's rows are not touched.
    expect(await grants.find("g5")).toBeDefined();
    expect(await access.find("t5")).toBeDefined();
  });

  test("a pushed authorization request is consumed once; the second is invalid_request_uri", async () => {
    const requests = new PrismaAdapter(db.prisma, "PushedAuthorizationRequest");
    await requests.upsert("p1", {}, 60);
    await requests.consume("p1");
    await expect(requests.consume("p1")).rejects.toMatchObject({ error: "invalid_request_uri" });
  });

  test("findByUserCode", async () => {
    const devices = new PrismaAdapter(db.prisma, "DeviceCode");
    await devices.upsert("d1", { userCode: "ABCD-EFGH" }, 60);
    expect(await devices.findByUserCode("ABCD-EFGH")).toEqual({ userCode: "ABCD-EFGH" });
    expect(await devices.findByUserCode("nope")).toBeUndefined();
  });

  test("destroy and revokeByGrantId remove only their model's rows", async () => {
    const access = new PrismaAdapter(db.prisma, "AccessToken");
    const refresh = new PrismaAdapter(db.prisma, "RefreshToken");
    await access.upsert("t1", { grantId: "g3" }, 60);
    await access.upsert("t2", { grantId: "g3" }, 60);
    await refresh.upsert("r1", { grantId: "g3" }, 60);
    await access.revokeByGrantId("g3");
    expect(await access.find("t1")).toBeUndefined();
    expect(await access.find("t2")).toBeUndefined();
    expect(await refresh.find("r1")).toBeDefined();
    await refresh.destroy("r1");
    expect(await refresh.find("r1")).toBeUndefined();
  });

  test("expired rows are absent at once and deleted by the cleanup", async () => {
    const interactions = new PrismaAdapter(db.prisma, "Interaction");
    await interactions.upsert("old", { uid: "old" }, 1);
    await interactions.upsert("forever", { uid: "forever" });
    await db.prisma.oidcPayload.update({
      where: { id_type: { id: "old", type: "Interaction" } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await interactions.find("old")).toBeUndefined();
    expect(await deleteExpired(db.prisma)).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.oidcPayload.count({ where: { id: "old" } })).toBe(0);
    expect(await interactions.find("forever")).toEqual({ uid: "forever" });
  });

  test("with secrecy, neither an id nor a jti is stored in clear, and every method still finds it", async () => {
    const secrecy = { idKey: randomBytes(32), jtiKey: randomBytes(32) };
    const tokens = new PrismaAdapter(db.prisma, "AccessToken", secrecy);
    const sessions = new PrismaAdapter(db.prisma, "Session", secrecy);
    const grants = new PrismaAdapter(db.prisma, "Grant", secrecy);
    await grants.upsert("grant-secret-1", { jti: "grant-secret-1" }, 60);
    await tokens.upsert("token-secret-1", { jti: "token-secret-1", grantId: "grant-secret-1" }, 60);
    await sessions.upsert("session-secret-1", { jti: "session-secret-1", uid: "s-uid-1" }, 60);

    const stored = JSON.stringify(await db.prisma.oidcPayload.findMany());
    for (const secret of ["token-secret-1", "session-secret-1"])
      expect(stored).not.toContain(secret);

    expect(await tokens.find("token-secret-1")).toEqual({
      jti: "token-secret-1",
      grantId: "grant-secret-1",
    });
    // Session.findByUid must hand back the session's id (its jti) to oidc-provider.
    expect(await sessions.findByUid("s-uid-1")).toMatchObject({ jti: "session-secret-1" });
    // Another key reads nothing: the digest, not the id, is the row's key.
    expect(
      await new PrismaAdapter(db.prisma, "AccessToken").find("token-secret-1"),
    ).toBeUndefined();

    await tokens.consume("token-secret-1");
    expect((await tokens.find("token-secret-1"))?.consumed).toEqual(expect.any(Number));
    // A second consumption is a reuse: the grant and its tokens go (see consume).
    await expect(tokens.consume("token-secret-1")).rejects.toBeInstanceOf(errors.InvalidGrant);
    expect(await grants.find("grant-secret-1")).toBeUndefined();

    await sessions.destroy("session-secret-1");
    expect(await sessions.findByUid("s-uid-1")).toBeUndefined();
  });
});
