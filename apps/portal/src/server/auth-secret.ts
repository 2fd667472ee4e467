import "server-only";
import { createHash } from "node:crypto";
import { env } from "../env";

/**
 * The key next-auth signs and encrypts sessions with. Production sets AUTH_SECRET (the env
 * schema requires it). In development it is derived from DATABASE_URL, so `pnpm dev`
 * works without a .env and every portal process on the same database agrees, while
 * sessions of different local databases stay apart.
 */
export function authSecret(): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.NODE_ENV === "production") throw new Error("AUTH_SECRET must be set in production");
  return createHash("sha256")
    .update(`lotse-portal-development-auth-secret:${env.DATABASE_URL}`)
    .digest("base64url");
}
