/** The federation entity key: created on first start, published CURRENT + NEXT, rotated. */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestPrisma, type TestPrisma } from "@lotse/db/testing";
import {
  ensureFederationEntityKeys,
  loadFederationEntityKeys,
  rotateFederationEntityKeys,
} from "./federation-entity-keys.js";
import { parseKek } from "./kek.js";
import { ensureOidcKeys } from "./oidc-keys.js";

let db: TestPrisma;
const kek = parseKek(randomBytes(32).toString("base64url"));

beforeAll(async () => {
  db = await createTestPrisma();
});
afterAll(async () => db?.close());

const kidsIn = async (state: "CURRENT" | "NEXT" | "RETIRED") =>
  (
    await db.prisma.signingKey.findMany({
      where: { purpose: "FEDERATION_ENTITY", state },
      orderBy: { createdAt: "asc" },
    })
  ).map((key) => key.kid);

describe("federation entity key", () => {
  test("first start creates one CURRENT and one NEXT ES256 key, even from two instances at once", async () => {
    await Promise.all([
      ensureFederationEntityKeys(db.prisma, kek),
      ensureFederationEntityKeys(db.prisma, kek),
    ]);
    expect(await kidsIn("CURRENT")).toHaveLength(1);
    expect(await kidsIn("NEXT")).toHaveLength(1);
    const keys = await loadFederationEntityKeys(db.prisma, kek);
    expect(keys.signing.kid).toBe((await kidsIn("CURRENT"))[0]);
    // Published: CURRENT first, then NEXT; public parts only.
    expect(keys.publicJwks.keys.map((key) => key.kid)).toEqual([
      ...(await kidsIn("CURRENT")),
      ...(await kidsIn("NEXT")),
    ]);
    for (const key of keys.publicJwks.keys) {
      expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
      expect(key.d).toBeUndefined();
    }
  });

  test("rotation retires CURRENT, promotes NEXT, makes a new NEXT, and leaves the OIDC keys alone", async () => {
    await ensureOidcKeys(db.prisma, kek);
    const oidcBefore = await db.prisma.signingKey.findMany({
      where: { purpose: "OIDC" },
      select: { kid: true, state: true },
      orderBy: { kid: "asc" },
    });
    const [current] = await kidsIn("CURRENT");
    const [next] = await kidsIn("NEXT");
    const result = await rotateFederationEntityKeys(db.prisma, kek);
    expect(result.retired).toEqual([current]);
    expect(result.current).toEqual([next]);
    expect(await kidsIn("CURRENT")).toEqual([next]);
    expect(await kidsIn("RETIRED")).toEqual([current]);
    expect(await kidsIn("NEXT")).toEqual(result.next);
    expect(result.next[0]).not.toBe(next);
    expect((await loadFederationEntityKeys(db.prisma, kek)).signing.kid).toBe(next);
    expect(
      await db.prisma.signingKey.findMany({
        where: { purpose: "OIDC" },
        select: { kid: true, state: true },
        orderBy: { kid: "asc" },
      }),
    ).toEqual(oidcBefore);
  });

  test("without a NEXT the rotation makes a fresh CURRENT rather than leave none", async () => {
    await db.prisma.signingKey.deleteMany({
      where: { purpose: "FEDERATION_ENTITY", state: "NEXT" },
    });
    const result = await rotateFederationEntityKeys(db.prisma, kek);
    expect(await kidsIn("CURRENT")).toEqual(result.current);
    expect(await kidsIn("NEXT")).toEqual(result.next);
  });
});
