/**
 * APIs (resource servers) of the caller's organisations. Like applications, every member
 * manages them, and every query carries `organization: memberOf(userId)`, so another
 * organisation's API is never read or written, whatever id is passed.
 */
import type { PrismaClient } from "@lotse/db";
import { Prisma } from "@lotse/db";
import { conflict, invalid, notFound } from "../../errors.js";
import type { ApiSettings, ApiTokenFormat } from "../../schemas/apis.js";
import { memberOf, requireMembership } from "../organizations/membership.js";

export interface ApiView {
  id: string;
  organizationId: string;
  name: string;
  identifier: string;
  scopes: string[];
  tokenFormat: ApiTokenFormat;
  accessTokenTtl: number;
  grantCount: number;
  createdAt: Date;
  updatedAt: Date;
}

const VIEW = {
  id: true,
  organizationId: true,
  name: true,
  identifier: true,
  scopes: true,
  tokenFormat: true,
  accessTokenTtl: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { grants: true } },
} as const satisfies Prisma.ApiSelect;

type ApiRow = Prisma.ApiGetPayload<{ select: typeof VIEW }>;

const toView = ({ _count, ...row }: ApiRow): ApiView => ({ ...row, grantCount: _count.grants });

/** Where clause: this API, and only if the user is a member of its organisation. */
const ownedBy = (userId: string, apiId: string) => ({
  id: apiId,
  organization: memberOf(userId),
});

/** The identifier is unique across Lotse (it is the `aud` of the API's tokens). */
const IDENTIFIER_TAKEN = "This identifier is already registered; every API needs its own.";

function isUniqueViolation(error: unknown) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function listApis(
  prisma: PrismaClient,
  userId: string,
  organizationId: string,
): Promise<ApiView[]> {
  await requireMembership(prisma, userId, organizationId);
  const rows = await prisma.api.findMany({
    where: { organizationId, organization: memberOf(userId) },
    orderBy: { name: "asc" },
    select: VIEW,
  });
  return rows.map(toView);
}

export async function getApi(
  prisma: PrismaClient,
  userId: string,
  apiId: string,
): Promise<ApiView> {
  const api = await prisma.api.findFirst({ where: ownedBy(userId, apiId), select: VIEW });
  if (!api) throw notFound("API");
  return toView(api);
}

export async function createApi(
  prisma: PrismaClient,
  userId: string,
  organizationId: string,
  settings: ApiSettings,
): Promise<ApiView> {
  await requireMembership(prisma, userId, organizationId);
  try {
    return toView(await prisma.api.create({ data: { ...settings, organizationId }, select: VIEW }));
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(IDENTIFIER_TAKEN, ["settings", "identifier"]);
    throw error;
  }
}

/**
 * Saves an API. The identifier stays as it is: tokens already issued carry it as their
 * audience, and APIs check it exactly. Scopes taken away are taken from the applications'
 * grants too, so no grant names a scope the API no longer has.
 */
export async function updateApi(
  prisma: PrismaClient,
  userId: string,
  apiId: string,
  settings: ApiSettings,
): Promise<ApiView> {
  const current = await getApi(prisma, userId, apiId);
  if (settings.identifier !== current.identifier)
    throw invalid(
      "The identifier cannot be changed: issued tokens carry it as their audience. Register a new API instead.",
      ["settings", "identifier"],
    );
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.api.updateMany({
      where: ownedBy(userId, apiId),
      data: {
        name: settings.name,
        scopes: settings.scopes,
        tokenFormat: settings.tokenFormat,
        accessTokenTtl: settings.accessTokenTtl,
      },
    });
    if (count !== 1) throw notFound("API");
    const removed = current.scopes.filter((scope) => !settings.scopes.includes(scope));
    if (removed.length === 0) return;
    const grants = await tx.applicationApiGrant.findMany({
      where: { apiId, scopes: { hasSome: removed } },
      select: { applicationId: true, scopes: true },
    });
    for (const grant of grants) {
      const scopes = grant.scopes.filter((scope) => settings.scopes.includes(scope));
      const where = { applicationId_apiId: { applicationId: grant.applicationId, apiId } };
      if (scopes.length === 0) await tx.applicationApiGrant.delete({ where });
      else await tx.applicationApiGrant.update({ where, data: { scopes } });
    }
  });
  return getApi(prisma, userId, apiId);
}

/**
 * Deletes an API with its grants (the foreign key cascades) and takes its identifier out of
 * the applications' token-exchange audiences, so none can still exchange for it.
 */
export async function deleteApi(prisma: PrismaClient, userId: string, apiId: string) {
  const api = await getApi(prisma, userId, apiId);
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.api.deleteMany({ where: ownedBy(userId, apiId) });
    if (count !== 1) throw notFound("API");
    await removeExchangeAudience(tx, api.organizationId, api.identifier);
  });
}

/** Removes one audience from the token-exchange policies of an organisation's applications. */
export async function removeExchangeAudience(
  tx: Prisma.TransactionClient,
  organizationId: string,
  audience: string,
) {
  const applications = await tx.application.findMany({
    where: { organizationId, tokenExchangeAudiences: { has: audience } },
    select: { id: true, tokenExchangeAudiences: true },
  });
  for (const application of applications) {
    await tx.application.update({
      where: { id: application.id },
      data: {
        tokenExchangeAudiences: application.tokenExchangeAudiences.filter(
          (value) => value !== audience,
        ),
      },
    });
  }
}
