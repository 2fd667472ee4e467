/**
 * The key-encryption key (KEK): encrypts private keys at rest and is the root from which
 * every other server secret is derived (see derive.ts), until a KEK rotation moves that root
 * into the database (secret-root.ts). From LOTSE_KEK in production mode (LOTSE_MODE, env.ts);
 * in development generated once into <data dir>/kek (mode 0600) so restarts keep their keys.
 * During a KEK rotation LOTSE_KEK_PREVIOUS is the old one, which still decrypts what was
 * stored under it (docs/operations.md, "Rotating the KEK").
 */
import { createHash, randomBytes } from "node:crypto";
import { decodeProtectedHeader } from "jose";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface Kek {
  /** 32 bytes. */
  key: Uint8Array;
  /** Identifies the KEK in JWE headers, so a KEK rotation can tell ciphertexts apart. */
  kid: string;
  /** Earlier KEKs (LOTSE_KEK_PREVIOUS): they only decrypt, never encrypt. */
  previous?: readonly Kek[];
  /**
   * What the server secrets are derived from when it is not `key`: after a KEK rotation, the
   * root kept in the database (secret-root.ts), so subs and cookie keys survive the rotation.
   */
  root?: Uint8Array;
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
  /** LOTSE_KEK_PREVIOUS: the KEK being rotated away from. */
  previousKek?: string | undefined;
  production: boolean;
  /** Where a development KEK lives; only asked for when one is needed (outside production). */
  dataDir: string | (() => string);
}): Kek {
  if (options.kek) {
    const kek = parseKek(options.kek);
    return options.previousKek ? { ...kek, previous: [parseKek(options.previousKek)] } : kek;
  }
  // env.ts refuses production mode without LOTSE_KEK already; this guards every other caller.
  if (options.production) throw new Error("LOTSE_KEK must be set in production mode");
  return developmentKek(
    typeof options.dataDir === "function" ? options.dataDir() : options.dataDir,
  );
}

/**
 * The KEK that encrypted `jwe`, by the `kid` in its protected header: the current one or one
 * of the previous. A ciphertext under any other KEK is refused by name, so a broker started
 * with the wrong KEK says which one it needs instead of failing to decrypt.
 */
export function kekFor(kek: Kek, jwe: string): Kek {
  const { kid } = decodeProtectedHeader(jwe);
  const found = [kek, ...(kek.previous ?? [])].find((candidate) => candidate.kid === kid);
  if (!found) {
    throw new Error(
      `stored data is encrypted under the key-encryption key ${String(kid)}, which is neither LOTSE_KEK (${kek.kid})${
        kek.previous?.length
          ? ` nor LOTSE_KEK_PREVIOUS (${kek.previous.map((k) => k.kid).join(", ")})`
          : ""
      }; configure that KEK (see docs/operations.md, "Rotating the KEK")`,
    );
  }
  return found;
}
