/**
 * GET /api/v1/idps?relyingPartyId=<client id> (DESIGN.md §4): the insurers an app may
 * offer in its own native list (flow B), exactly as the chooser would show them.
 */
import type Router from "@koa/router";
import type { PrismaClient } from "@lotse/db";
import type { IdpDirectory } from "../federation/idp-directory.js";
import { answering, ApiError, parseInput } from "./api-error.js";
import { idpList, idpListQuery } from "./schemas.js";

export function registerIdpListRoute(
  router: Router,
  deps: { prisma: PrismaClient; idps: IdpDirectory },
): void {
  router.get("/api/v1/idps", (ctx) =>
    answering(ctx, async () => {
      const query = parseInput(idpListQuery, {
        relyingPartyId:
          typeof ctx.query.relyingPartyId === "string" ? ctx.query.relyingPartyId : undefined,
      });
      const application = await deps.prisma.application.findUnique({
        where: { clientId: query.relyingPartyId },
      });
      if (!application?.enabled)
        throw new ApiError(
          404,
          "invalid_client",
          "No enabled application has this relyingPartyId.",
        );
      // Parsing with the published schema keeps the answer to exactly its four keys.
      ctx.body = idpList.parse(await deps.idps.forApplication(application.allowedIdps));
    }),
  );
}
