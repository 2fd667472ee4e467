/** Signing keys in the database: first start, rotation, encryption at rest. */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { oidcAlgsAwaitingNext, promoteOidcKeys, withSigningKeyLock } from "@lotse/db/signing-keys";
import { createTestPrisma, type TestPrisma } from "@lotse/db/testing";
import { ensureFederationKeys, createFederationKeyring } from "./federation-keys.js";
import { parseKek } from "./kek.js";
import { ensureOidcKeys, loadOidcSigningJwks, rotateOidcKeys } from "./oidc-keys.js";

let db: TestPrisma;
const kek = parseKek(randomBytes(32).toString("base64url"));

beforeAll(async () => {
  db = await createTestPrisma();
});
afterAll(async () => db?.close());

const byState = async (state: "CURRENT" | "NEXT" | "RETIRED") =>
  (
    await db.prisma.signingKey.findMany({
      where: { purpose: "OIDC", state },
      orderBy: { alg: "asc" },
    })
  ).map((key) => `${key.alg}:${key.kid}`);

describe("OIDC signing keys", () => {
  test("first start creates CURRENT and NEXT for RS256 and ES256, once", async () => {
    await Promise.all([ensureOidcKeys(db.prisma, kek), ensureOidcKeys(db.prisma, kek)]);
    expect(await byState("CURRENT")).toHaveLength(2);
    expect(await byState("NEXT")).toHaveLength(2);
    const jwks = await loadOidcSigningJwks(db.prisma, kek);
    expect(jwks.map((jwk) => jwk.alg)).toEqual(["RS256", "ES256", "RS256", "ES256"]);
    expect(jwks.every((jwk) => typeof jwk.d === "string")).toBe(true);
  });

  test("rotation retires CURRENT, promotes NEXT and creates a new NEXT", async () => {
    const current = await byState("CURRENT");
    const next = await byState("NEXT");
    await rotateOidcKeys(db.prisma, kek);
    expect(await byState("RETIRED")).toEqual(current);
    expect(await byState("CURRENT")).toEqual(next);
    const fresh = await byState("NEXT");
    expect(fresh).toHaveLength(2);
    expect(fresh).not.toEqual(next);
    const jwks = await loadOidcSigningJwks(db.prisma, kek);
    expect(
      jwks
        .slice(0, 2)
        .map((jwk) => `${jwk.alg}:${jwk.kid}`)
        .sort(),
    ).toEqual([...next].sort());
  });

  test("a rotation from the admin console is completed by the next broker start", async () => {
    const next = await byState("NEXT");
    // What the portal does: promote under the lock, without the KEK, so no new NEXT yet.
    await withSigningKeyLock(db.prisma, (tx) => promoteOidcKeys(tx, new Date()));
    expect(await byState("CURRENT")).toEqual(next);
    expect(await byState("NEXT")).toEqual([]);
    // keys:rotate refuses now, changing nothing: it would promote a NEXT nobody has seen.
    expect(await oidcAlgsAwaitingNext(db.prisma)).toEqual(["RS256", "ES256"]);
    await expect(rotateOidcKeys(db.prisma, kek, { refuseWhileAwaitingNext: true })).rejects.toThrow(
      /a rotation is waiting for the broker to restart \(no next key for RS256, ES256\)/,
    );
    expect(await byState("CURRENT")).toEqual(next);
    expect(await byState("NEXT")).toEqual([]);

    // What a restarted broker does: create the missing NEXT keys, then load its keys.
    await ensureOidcKeys(db.prisma, kek);
    expect(await byState("CURRENT")).toEqual(next);
    const fresh = await byState("NEXT");
    expect(fresh).toHaveLength(2);
    expect(fresh.some((key) => next.includes(key))).toBe(false);
    expect(await oidcAlgsAwaitingNext(db.prisma)).toEqual([]);
    const jwks = await loadOidcSigningJwks(db.prisma, kek);
    expect(jwks.map((jwk) => `${jwk.alg}:${jwk.kid}`)).toEqual([
      next.find((key) => key.startsWith("RS256:")),
      next.find((key) => key.startsWith("ES256:")),
      fresh.find((key) => key.startsWith("RS256:")),
      fresh.find((key) => key.startsWith("ES256:")),
    ]);
  });

  test("a different KEK cannot read the keys", async () => {
    const other = parseKek(randomBytes(32).toString("base64url"));
    await expect(loadOidcSigningJwks(db.prisma, other)).rejects.toThrow();
  });
});

describe("federation keys", () => {
  test("an ES256 signing key and an ECDH-ES encryption key, usable by the federation code", async () => {
    await ensureFederationKeys(db.prisma, kek);
    await ensureFederationKeys(db.prisma, kek);
    const rows = await db.prisma.signingKey.findMany({ where: { purpose: "FEDERATION" } });
    expect(rows.map((row) => `${row.use}:${row.alg}`).sort()).toEqual(["enc:ECDH-ES", "sig:ES256"]);
    const keys = await createFederationKeyring(db.prisma, kek)();
    expect(keys.signing.privateKey.algorithm.name).toBe("ECDSA");
    expect(keys.encryption.privateKey.algorithm.name).toBe("ECDH");
  });
});
