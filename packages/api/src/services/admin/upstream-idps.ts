/**
 * The upstream IDPs (health insurers) as the IDP chooser shows them. Admins switch them on
 * and off and change name and logo; issuer and client configuration come from the seed and
 * the federation and are not edited here. Every change is audited.
 */
import type { PrismaClient } from "@lotse/db";
import { notFound } from "../../errors.js";
import type { UpstreamIdpDisplay } from "../../schemas/admin.js";
import { recordAdminAction, type Actor } from "../audit/admin-actions.js";

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

export async function setUpstreamIdpEnabled(
  prisma: PrismaClient,
  actor: Actor,
  idpId: string,
  enabled: boolean,
): Promise<AdminUpstreamIdpView> {
  const before = await current(prisma, idpId);
  const view = await update(prisma, idpId, { enabled });
  if (before.enabled !== enabled) {
    await recordAdminAction(prisma, actor, enabled ? "admin.idp.enabled" : "admin.idp.disabled", {
      idpId,
      issuer: view.issuer,
    });
  }
  return view;
}

export async function updateUpstreamIdpDisplay(
  prisma: PrismaClient,
  actor: Actor,
  idpId: string,
  display: UpstreamIdpDisplay,
): Promise<AdminUpstreamIdpView> {
  const before = await current(prisma, idpId);
  const view = await update(prisma, idpId, {
    displayName: display.displayName,
    logoUri: display.logoUri ? display.logoUri : null,
  });
  const changes = {
    ...(before.displayName !== view.displayName
      ? { displayName: { from: before.displayName, to: view.displayName } }
      : {}),
    ...(before.logoUri !== view.logoUri
      ? { logoUri: { from: before.logoUri, to: view.logoUri } }
      : {}),
  };
  if (Object.keys(changes).length > 0) {
    await recordAdminAction(prisma, actor, "admin.idp.updated", {
      idpId,
      issuer: view.issuer,
      ...changes,
    });
  }
  return view;
}

async function current(prisma: PrismaClient, idpId: string): Promise<AdminUpstreamIdpView> {
  const idp = await prisma.upstreamIdp.findUnique({ where: { id: idpId }, select: VIEW });
  if (!idp) throw notFound("Identity provider");
  return idp;
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
