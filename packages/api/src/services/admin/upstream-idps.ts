/**
 * The upstream IDPs (health insurers) as the IDP chooser shows them. Admins switch them on
 * and off and change name and logo; issuer and client configuration come from the seed and
 * the federation and are not edited here.
 */
import type { PrismaClient } from "@lotse/db";
import { notFound } from "../../errors.js";
import type { UpstreamIdpDisplay } from "../../schemas/admin.js";

export interface AdminUpstreamIdpView {
  id: string;
  issuer: string;
  displayName: string;
  logoUri: string | null;
  pkv: boolean;
  enabled: boolean;
  updatedAt: Date;
}

// Never clientConfig: it describes the broker's registration at the IDP.
const VIEW = {
  id: true,
  issuer: true,
  displayName: true,
  logoUri: true,
  pkv: true,
  enabled: true,
  updatedAt: true,
} as const;

export function listUpstreamIdps(prisma: PrismaClient): Promise<AdminUpstreamIdpView[]> {
  return prisma.upstreamIdp.findMany({ select: VIEW, orderBy: { displayName: "asc" } });
}

export function setUpstreamIdpEnabled(
  prisma: PrismaClient,
  idpId: string,
  enabled: boolean,
): Promise<AdminUpstreamIdpView> {
  return update(prisma, idpId, { enabled });
}

export function updateUpstreamIdpDisplay(
  prisma: PrismaClient,
  idpId: string,
  display: UpstreamIdpDisplay,
): Promise<AdminUpstreamIdpView> {
  return update(prisma, idpId, {
    displayName: display.displayName,
    logoUri: display.logoUri ? display.logoUri : null,
  });
}

async function update(
  prisma: PrismaClient,
  idpId: string,
  data: { enabled?: boolean; displayName?: string; logoUri?: string | null },
): Promise<AdminUpstreamIdpView> {
  const { count } = await prisma.upstreamIdp.updateMany({ where: { id: idpId }, data });
  if (count === 0) throw notFound("Identity provider");
  return prisma.upstreamIdp.findUniqueOrThrow({ where: { id: idpId }, select: VIEW });
}
