/**
 * GET /federation/jwks: the public parts of the broker's federation keys, registered at
 * the insurer IDPs as the broker's jwks_uri (private_key_jwt verification, ID token
 * encryption). Public keys only; cacheable for a short while.
 */
import type Router from "@koa/router";
import type { PrismaClient } from "@lotse/db";
import { federationPublicJwks } from "./federation-keys.js";

export function registerFederationJwks(router: Router, prisma: PrismaClient): void {
  router.get("/federation/jwks", async (ctx) => {
    ctx.set("Cache-Control", "public, max-age=300");
    ctx.type = "application/jwk-set+json";
    ctx.body = await federationPublicJwks(prisma);
  });
}
