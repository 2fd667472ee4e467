/**
 * GET /api/v1/idps?relyingPartyId=<id> (DESIGN.md §4): the insurers an app may offer in its
 * own native list (flow B), exactly as the chooser would show them. The id is an
 * application's client id, or an organisation's relying-party id, which the published
 * example clients send (as `relayingPartyId`, their spelling, issue 13) for every client id
 * of the organisation: then the list is what any of its enabled applications may offer.
 */
import type Router from "@koa/router";
import type { PrismaClient } from "@lotse/db";
import type { IdpDirectory } from "../federation/idp-directory.js";
import { answering, ApiError, parseInput } from "./api-error.js";
import { idpList, idpListQuery, relyingPartyOf } from "./schemas.js";

const single = (value: unknown) => (typeof value === "string" ? value : undefined);

/**
 * The allowed IDPs of the relying party's enabled applications, in the directory's terms
 * (empty: every enabled IDP), or undefined when it names none.
 */
async function allowedIdpsOf(prisma: PrismaClient, id: string): Promise<string[] | undefined> {
  const organization = await prisma.organization.findUnique({
    where: { relyingPartyId: id },
    select: { applications: { where: { enabled: true }, select: { allowedIdps: true } } },
  });
  if (organization) {
    const { applications } = organization;
    if (applications.length === 0) return undefined;
    // An application without a restriction may use every IDP, so the union is all of them.
    if (applications.some((application) => application.allowedIdps.length === 0)) return [];
    return [...new Set(applications.flatMap((application) => application.allowedIdps))];
  }
  const application = await prisma.application.findUnique({ where: { clientId: id } });
  return application?.enabled ? application.allowedIdps : undefined;
}

export function registerIdpListRoute(
  router: Router,
  deps: { prisma: PrismaClient; idps: IdpDirectory },
): void {
  router.get("/api/v1/idps", (ctx) =>
    answering(ctx, async () => {
      const query = parseInput(idpListQuery, {
        relyingPartyId: single(ctx.query.relyingPartyId),
        relayingPartyId: single(ctx.query.relayingPartyId),
      });
      const allowedIdps = await allowedIdpsOf(deps.prisma, relyingPartyOf(query));
      if (!allowedIdps)
        throw new ApiError(
          404,
          "invalid_client",
          "No organisation or enabled application has this relyingPartyId.",
        );
      // Parsing with the published schema keeps the answer to exactly its four keys.
      ctx.body = idpList.parse(await deps.idps.forApplication(allowedIdps));
    }),
  );
}
