/**
 * The key-encryption key (KEK): encrypts private keys at rest and is the root from which
 * every other server secret is derived (see derive.ts). From LOTSE_KEK in production mode
 * (LOTSE_MODE, env.ts); in development generated once into <data dir>/kek (mode 0600) so
 * restarts keep their keys.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface Kek {
  /** 32 bytes. */
  key: Uint8Array;
  /** Identifies the KEK in JWE headers, so a later KEK rotation can tell ciphertexts apart. */
  kid: string;
}

function fromBytes(key: Uint8Array): Kek {
  const kid = `kek-${createHash("sha256").update(key).digest("base64url").slice(0, 16)}`;
  return { key, kid };
}

export function parseKek(value: string): Kek {
  const key = Buffer.from(value, "base64url");
  if (key.length !== 32) throw new Error("LOTSE_KEK must be 32 bytes, base64url-encoded");
  return fromBytes(new Uint8Array(key));
}

/** Reads <dir>/kek, creating it (0600) on first use. Development only. */
export function developmentKek(dir: string): Kek {
  const file = path.join(dir, "kek");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // flag "wx": never overwrite a KEK another process created in the meantime.
    try {
      writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, {
        mode: 0o600,
        flag: "wx",
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return parseKek(readFileSync(file, "utf8").trim());
}

export function loadKek(options: {
  kek?: string | undefined;
  production: boolean;
  /** Where a development KEK lives; only asked for when one is needed (outside production). */
  dataDir: string | (() => string);
}): Kek {
  if (options.kek) return parseKek(options.kek);
  // env.ts refuses production mode without LOTSE_KEK already; this guards every other caller.
  if (options.production) throw new Error("LOTSE_KEK must be set in production mode");
  return developmentKek(
    typeof options.dataDir === "function" ? options.dataDir() : options.dataDir,
  );
}
