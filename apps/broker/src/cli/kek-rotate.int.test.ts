/** `kek:rotate` as an operator runs it: the broker's environment, one line per outcome. */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "@lotse/db";
import { createTestDatabase, testServerUrl, type TestDatabase } from "@lotse/db/testing";
import { decodeProtectedHeader } from "jose";
import { parseKek } from "../keys/kek.js";
import { ensureOidcKeys } from "../keys/oidc-keys.js";

let database: TestDatabase;
let prisma: PrismaClient;
const oldKek = randomBytes(32).toString("base64url");
const newKek = randomBytes(32).toString("base64url");

beforeAll(async () => {
  database = await createTestDatabase(testServerUrl());
  prisma = createPrismaClient(database.url);
  await ensureOidcKeys(prisma, parseKek(oldKek));
});
afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

/** Runs the command with only these variables (and PATH), like `kubectl exec` in a broker pod. */
function kekRotate(env: Record<string, string>) {
  return promisify(execFile)("pnpm", ["exec", "tsx", "src/cli/kek-rotate.ts"], {
    cwd: path.resolve(import.meta.dirname, "..", ".."),
    env: {
      // eslint-disable-next-line no-restricted-properties -- the child finds pnpm and node on the same PATH; nothing else is inherited.
      PATH: process.env.PATH,
      DATABASE_URL: database.url,
      LOTSE_MODE: "development",
      ...env,
    },
    timeout: 60_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

test("re-encrypts under LOTSE_KEK with LOTSE_KEK_PREVIOUS, then finds nothing left to do", async () => {
  const first = await kekRotate({ LOTSE_KEK: newKek, LOTSE_KEK_PREVIOUS: oldKek });
  expect(first.code).toBe(0);
  expect(first.stdout).toContain(`kek:rotate: 4 key(s) re-encrypted under ${parseKek(newKek).kid}`);
  expect(first.stdout).toContain(`kek:rotate: secret root stored under ${parseKek(newKek).kid}`);
  const kids = (await prisma.signingKey.findMany()).map(
    (row) => decodeProtectedHeader(row.encryptedPrivateJwk).kid,
  );
  expect(new Set(kids)).toEqual(new Set([parseKek(newKek).kid]));

  const again = await kekRotate({ LOTSE_KEK: newKek });
  expect(again.code).toBe(0);
  expect(again.stdout).toContain("kek:rotate: 0 key(s) re-encrypted");
  expect(again.stdout).toContain("4 already were");
  expect(again.stdout).toContain("secret root already under");
}, 120_000);

test("without the new KEK, or with neither KEK of the stored keys, it refuses and changes nothing", async () => {
  const rows = await prisma.signingKey.findMany({ orderBy: { kid: "asc" } });
  const unset = await kekRotate({});
  expect(unset.code).toBe(2);
  expect(unset.stderr).toContain("kek:rotate: set LOTSE_KEK to the new key-encryption key");

  const wrong = await kekRotate({
    LOTSE_KEK: randomBytes(32).toString("base64url"),
    LOTSE_KEK_PREVIOUS: oldKek,
  });
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toContain(
    `encrypted under the key-encryption key ${parseKek(newKek).kid}, which is neither LOTSE_KEK`,
  );
  expect(wrong.stderr).toContain("nothing was changed");
  expect(await prisma.signingKey.findMany({ orderBy: { kid: "asc" } })).toEqual(rows);
}, 120_000);
