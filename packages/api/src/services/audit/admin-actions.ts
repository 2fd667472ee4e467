/**
 * Admin actions in the portal go into the same hash-chained audit log as the broker's
 * login steps (DESIGN.md §5), through the same append (`@lotse/db/audit`): who changed which
 * role, membership, user, IDP, signing key or invitation, and when. They name no client and
 * no application, so only admins see them (services/audit/scope.ts). Details hold ids and
 * the change, never a secret (no invitation token, no key material, no password).
 */
import type { PrismaClient } from "@lotse/db";
import { appendAuditEvent, auditEventFields } from "@lotse/db/audit";

export const ADMIN_EVENT_TYPES = [
  "admin.user.role_changed",
  "admin.user.disabled",
  "admin.user.enabled",
  "admin.user.unlocked",
  "admin.idp.enabled",
  "admin.idp.disabled",
  "admin.idp.updated",
  "admin.keys.rotated",
  "admin.member.role_changed",
  "admin.member.removed",
  "admin.invitation.created",
  "admin.invitation.revoked",
] as const;

export type AdminEventType = (typeof ADMIN_EVENT_TYPES)[number];

/** Who acted, as the portal saw the request. */
export interface Actor {
  userId: string;
  clientIp?: string | undefined;
}

/**
 * Records one admin action that has taken effect. Called after the change is committed:
 * the log records what happened, and the chain's append runs in its own transaction.
 */
export async function recordAdminAction(
  prisma: PrismaClient,
  actor: Actor,
  type: AdminEventType,
  details: Record<string, unknown>,
  now: Date = new Date(),
): Promise<void> {
  await appendAuditEvent(
    prisma,
    auditEventFields(
      {
        type,
        outcome: "SUCCESS",
        clientIp: actor.clientIp ?? null,
        details: { actorUserId: actor.userId, ...details },
      },
      now,
    ),
  );
}
