/**
 * KEK rotation (docs/operations.md, "Rotating the KEK"): every stored private key and the root
 * of the derived secrets move under the new KEK, while subs and cookie keys stay the same.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "@lotse/db";
import { createTestDatabase, testServerUrl, type TestDatabase } from "@lotse/db/testing";
import { decodeProtectedHeader } from "jose";
import { deriveSecrets } from "./derive.js";
import { ensureFederationKeys } from "./federation-keys.js";
import { loadKek, parseKek, type Kek } from "./kek.js";
import { decryptPrivateJwk } from "./key-store.js";
import { ensureOidcKeys, loadOidcSigningJwks, rotateOidcKeys } from "./oidc-keys.js";
import { rotateKek, withSecretRoot } from "./secret-root.js";

let database: TestDatabase;
let prisma: PrismaClient;

const newKekValue = () => randomBytes(32).toString("base64url");
const first = newKekValue();
const second = newKekValue();
const third = newKekValue();
/** A broker's KEK as main.ts loads it: LOTSE_KEK, LOTSE_KEK_PREVIOUS, then the stored root. */
const brokerKek = (kek: string, previousKek?: string) =>
  withSecretRoot(prisma, loadKek({ kek, previousKek, production: true, dataDir: "/nonexistent" }));

/** kid → the KEK kid in its ciphertext's header. */
async function storedUnder(): Promise<Map<string, unknown>> {
  const rows = await prisma.signingKey.findMany({ orderBy: { kid: "asc" } });
  return new Map(rows.map((row) => [row.kid, decodeProtectedHeader(row.encryptedPrivateJwk).kid]));
}

async function privateJwks(kek: Kek) {
  const rows = await prisma.signingKey.findMany({ orderBy: { kid: "asc" } });
  return Promise.all(rows.map((row) => decryptPrivateJwk(kek, row.encryptedPrivateJwk)));
}

/** What a rotation must not change: the sub key, the cookie keys, the stored-id keys. */
const derived = (kek: Kek) => {
  const secrets = deriveSecrets(kek);
  return {
    subjectKey: secrets.subjectKey.toString("hex"),
    cookieKeys: secrets.cookieKeys,
    idKey: secrets.storage.idKey.toString("hex"),
    accountKey: Buffer.from(secrets.accountKey).toString("hex"),
  };
};

beforeAll(async () => {
  database = await createTestDatabase(testServerUrl());
  prisma = createPrismaClient(database.url);
  // A deployment that has run with its first KEK: OIDC keys (one rotation, so a retired key
  // too) and federation keys, all under it.
  const kek = parseKek(first);
  await ensureOidcKeys(prisma, kek);
  await ensureFederationKeys(prisma, kek);
  await rotateOidcKeys(prisma, kek);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

describe("rotating the key-encryption key", () => {
  let before: ReturnType<typeof derived>;
  let jwksBefore: unknown[];

  test("before: the first KEK is the root, and a broker with only a new KEK names the one it needs", async () => {
    const kek = await brokerKek(first);
    before = derived(kek);
    expect(before).toEqual(derived(parseKek(first)));
    jwksBefore = await privateJwks(kek);
    expect(jwksBefore.length).toBeGreaterThanOrEqual(7);
    // At start-up already (the root lookup), before it would fail to decrypt a key.
    await expect(brokerKek(second)).rejects.toThrow(
      `encrypted under the key-encryption key ${parseKek(first).kid}, which is neither LOTSE_KEK`,
    );
    await expect(loadOidcSigningJwks(prisma, parseKek(second))).rejects.toThrow(
      /which is neither LOTSE_KEK/,
    );
  });

  test("during: a broker with the new KEK and the previous one reads the keys and derives the old secrets", async () => {
    const kek = await brokerKek(second, first);
    expect(derived(kek)).toEqual(before);
    expect(await privateJwks(kek)).toEqual(jwksBefore);
    // A key it creates now is stored under the new KEK; the root stays the first one.
    await rotateOidcKeys(prisma, kek);
    expect(derived(await brokerKek(second, first))).toEqual(before);
    jwksBefore = await privateJwks(kek);
  });

  test("kek:rotate re-encrypts every key, retired ones too, and stores the root under the new KEK", async () => {
    const kek = loadKek({ kek: second, previousKek: first, production: true, dataDir: "/x" });
    const result = await rotateKek(prisma, kek);
    const under = await storedUnder();
    expect(result.reencrypted.length).toBeGreaterThanOrEqual(7);
    expect(result.alreadyCurrent).toBe(2); // the two keys created during the rotation
    expect(result.rootWritten).toBe(true);
    expect(new Set(under.values())).toEqual(new Set([kek.kid]));
    expect(await prisma.signingKey.count({ where: { state: "RETIRED" } })).toBeGreaterThan(0);

    // After: a broker with only the new KEK reads every key and derives the same secrets.
    const after = await brokerKek(second);
    expect(await privateJwks(after)).toEqual(jwksBefore);
    expect(derived(after)).toEqual(before);
    // The old KEK alone reads nothing any more.
    await expect(brokerKek(first)).rejects.toThrow(/neither LOTSE_KEK/);
  });

  test("kek:rotate again changes nothing", async () => {
    const rows = await prisma.signingKey.findMany({ orderBy: { kid: "asc" } });
    const root = await prisma.secretRoot.findUniqueOrThrow({ where: { id: 1 } });
    const result = await rotateKek(
      prisma,
      loadKek({ kek: second, production: true, dataDir: "/x" }),
    );
    expect(result).toEqual({ reencrypted: [], alreadyCurrent: rows.length, rootWritten: false });
    expect(await prisma.signingKey.findMany({ orderBy: { kid: "asc" } })).toEqual(rows);
    expect(await prisma.secretRoot.findUniqueOrThrow({ where: { id: 1 } })).toEqual(root);
  });

  test("a second rotation keeps the first root", async () => {
    await rotateKek(
      prisma,
      loadKek({ kek: third, previousKek: second, production: true, dataDir: "/x" }),
    );
    const kek = await brokerKek(third);
    expect(derived(kek)).toEqual(before);
    expect(await privateJwks(kek)).toEqual(jwksBefore);
  });

  test("without the KEK a key is stored under, nothing is changed", async () => {
    const rows = await prisma.signingKey.findMany({ orderBy: { kid: "asc" } });
    const unrelated = newKekValue();
    // The stored data is under `third`; `second` is not it and cannot decrypt it.
    await expect(
      rotateKek(
        prisma,
        loadKek({ kek: unrelated, previousKek: second, production: true, dataDir: "/x" }),
      ),
    ).rejects.toThrow(/neither LOTSE_KEK/);
    expect(await prisma.signingKey.findMany({ orderBy: { kid: "asc" } })).toEqual(rows);
    expect(derived(await brokerKek(third))).toEqual(before);
  });

  test("a broker started with a KEK that reads none of the stored keys stops with one line naming the KEK", async () => {
    const unrelated = parseKek(newKekValue());
    const started = await promisify(execFile)("pnpm", ["exec", "tsx", "src/main.ts"], {
      cwd: path.resolve(import.meta.dirname, "..", ".."),
      env: {
        // eslint-disable-next-line no-restricted-properties -- the child finds pnpm and node on the same PATH; nothing else is inherited.
        PATH: process.env.PATH,
        DATABASE_URL: database.url,
        LOTSE_MODE: "development",
        LOTSE_KEK: newKekValue(),
        LOTSE_KEK_PREVIOUS: Buffer.from(unrelated.key).toString("base64url"),
        BROKER_PORT: "4631",
        LOG_LEVEL: "silent",
      },
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(started.code).toBe(1);
    expect(started.stderr).toContain(
      `broker: stored data is encrypted under the key-encryption key ${parseKek(third).kid}, which is neither LOTSE_KEK`,
    );
    expect(started.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 90_000);
});
