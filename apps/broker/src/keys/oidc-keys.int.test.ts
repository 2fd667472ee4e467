/** Signing keys in the database: first start, rotation, encryption at rest. */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "@lotse/db";
import { oidcAlgsAwaitingNext, promoteOidcKeys, withSigningKeyLock } from "@lotse/db/signing-keys";
import { createTestDatabase, testServerUrl, type TestDatabase } from "@lotse/db/testing";
import { ensureFederationKeys, createFederationKeyring } from "./federation-keys.js";
import { parseKek } from "./kek.js";
import { ensureOidcKeys, loadOidcSigningJwks, rotateOidcKeys } from "./oidc-keys.js";

let database: TestDatabase;
let prisma: PrismaClient;
const kek = parseKek(randomBytes(32).toString("base64url"));

beforeAll(async () => {
  database = await createTestDatabase(testServerUrl());
  prisma = createPrismaClient(database.url);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

const byState = async (state: "CURRENT" | "NEXT" | "RETIRED") =>
  (
    await prisma.signingKey.findMany({ where: { purpose: "OIDC", state }, orderBy: { alg: "asc" } })
  ).map((key) => `${key.alg}:${key.kid}`);

describe("OIDC signing keys", () => {
  test("first start creates CURRENT and NEXT for RS256 and ES256, once", async () => {
    await Promise.all([ensureOidcKeys(prisma, kek), ensureOidcKeys(prisma, kek)]);
    expect(await byState("CURRENT")).toHaveLength(2);
    expect(await byState("NEXT")).toHaveLength(2);
    const jwks = await loadOidcSigningJwks(prisma, kek);
    expect(jwks.map((jwk) => jwk.alg)).toEqual(["RS256", "ES256", "RS256", "ES256"]);
    expect(jwks.every((jwk) => typeof jwk.d === "string")).toBe(true);
  });

  test("rotation retires CURRENT, promotes NEXT and creates a new NEXT", async () => {
    const current = await byState("CURRENT");
    const next = await byState("NEXT");
    await rotateOidcKeys(prisma, kek);
    expect(await byState("RETIRED")).toEqual(current);
    expect(await byState("CURRENT")).toEqual(next);
    const fresh = await byState("NEXT");
    expect(fresh).toHaveLength(2);
    expect(fresh).not.toEqual(next);
    const jwks = await loadOidcSigningJwks(prisma, kek);
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
    await withSigningKeyLock(prisma, (tx) => promoteOidcKeys(tx, new Date()));
    expect(await byState("CURRENT")).toEqual(next);
    expect(await byState("NEXT")).toEqual([]);
    // keys:rotate refuses now, changing nothing: it would promote a NEXT nobody has seen.
    expect(await oidcAlgsAwaitingNext(prisma)).toEqual(["RS256", "ES256"]);
    await expect(rotateOidcKeys(prisma, kek, { refuseWhileAwaitingNext: true })).rejects.toThrow(
      /a rotation is waiting for the broker to restart \(no next key for RS256, ES256\)/,
    );
    expect(await byState("CURRENT")).toEqual(next);
    expect(await byState("NEXT")).toEqual([]);

    // What a restarted broker does: create the missing NEXT keys, then load its keys.
    await ensureOidcKeys(prisma, kek);
    expect(await byState("CURRENT")).toEqual(next);
    const fresh = await byState("NEXT");
    expect(fresh).toHaveLength(2);
    expect(fresh.some((key) => next.includes(key))).toBe(false);
    expect(await oidcAlgsAwaitingNext(prisma)).toEqual([]);
    const jwks = await loadOidcSigningJwks(prisma, kek);
    expect(jwks.map((jwk) => `${jwk.alg}:${jwk.kid}`)).toEqual([
      next.find((key) => key.startsWith("RS256:")),
      next.find((key) => key.startsWith("ES256:")),
      fresh.find((key) => key.startsWith("RS256:")),
      fresh.find((key) => key.startsWith("ES256:")),
    ]);
  });

  test("a different KEK cannot read the keys", async () => {
    const other = parseKek(randomBytes(32).toString("base64url"));
    await expect(loadOidcSigningJwks(prisma, other)).rejects.toThrow();
  });
});

describe("federation keys", () => {
  test("an ES256 signing key and an ECDH-ES encryption key, usable by the federation code", async () => {
    await ensureFederationKeys(prisma, kek);
    await ensureFederationKeys(prisma, kek);
    const rows = await prisma.signingKey.findMany({ where: { purpose: "FEDERATION" } });
    expect(rows.map((row) => `${row.use}:${row.alg}`).sort()).toEqual(["enc:ECDH-ES", "sig:ES256"]);
    const keys = await createFederationKeyring(prisma, kek)();
    expect(keys.signing.privateKey.algorithm.name).toBe("ECDSA");
    expect(keys.encryption.privateKey.algorithm.name).toBe("ECDH");
  });
});
