/** The admin console: platform staff only (adminProcedure answers FORBIDDEN to anyone else). */
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import {
  adminOrganizationOutput,
  adminSigningKeyOutput,
  adminUpstreamIdpOutput,
  adminUserOutput,
  setUpstreamIdpEnabledInput,
  setUserDisabledInput,
  setUserRoleInput,
  signingKeyRotationOutput,
  updateUpstreamIdpInput,
  userIdInput,
} from "../schemas/admin.js";
import { listOrganizations } from "../services/admin/organizations.js";
import { listSigningKeys, rotateSigningKeys } from "../services/admin/signing-keys.js";
import * as idps from "../services/admin/upstream-idps.js";
import * as users from "../services/admin/users.js";
import { adminProcedure, type TRPCContext } from "../trpc.js";

/** The admin and their IP, for the audit event of an action. */
const actorOf = (ctx: TRPCContext & { session: { user: { id: string } } }) => ({
  userId: ctx.session.user.id,
  clientIp: ctx.clientIp,
});

export const adminRouter = {
  users: adminProcedure
    .output(z.array(adminUserOutput))
    .query(({ ctx }) => users.listUsers(ctx.prisma)),
  setUserDisabled: adminProcedure
    .input(setUserDisabledInput)
    .output(adminUserOutput)
    .mutation(({ ctx, input }) =>
      users.setUserDisabled(ctx.prisma, actorOf(ctx), input.userId, input.disabled),
    ),
  setUserRole: adminProcedure
    .input(setUserRoleInput)
    .output(adminUserOutput)
    .mutation(({ ctx, input }) =>
      users.setUserRole(ctx.prisma, actorOf(ctx), input.userId, input.role),
    ),
  /** Ends a sign-in lockout at once (docs/portal.md "Throttling"). */
  unlockUser: adminProcedure
    .input(userIdInput)
    .output(adminUserOutput)
    .mutation(({ ctx, input }) => users.unlockUser(ctx.prisma, actorOf(ctx), input.userId)),
  organizations: adminProcedure
    .output(z.array(adminOrganizationOutput))
    .query(({ ctx }) => listOrganizations(ctx.prisma)),
  upstreamIdps: adminProcedure
    .output(z.array(adminUpstreamIdpOutput))
    .query(({ ctx }) => idps.listUpstreamIdps(ctx.prisma)),
  setUpstreamIdpEnabled: adminProcedure
    .input(setUpstreamIdpEnabledInput)
    .output(adminUpstreamIdpOutput)
    .mutation(({ ctx, input }) =>
      idps.setUpstreamIdpEnabled(ctx.prisma, actorOf(ctx), input.idpId, input.enabled),
    ),
  updateUpstreamIdp: adminProcedure
    .input(updateUpstreamIdpInput)
    .output(adminUpstreamIdpOutput)
    .mutation(({ ctx, input }) =>
      idps.updateUpstreamIdpDisplay(ctx.prisma, actorOf(ctx), input.idpId, input.display),
    ),
  signingKeys: adminProcedure
    .output(z.array(adminSigningKeyOutput))
    .query(({ ctx }) => listSigningKeys(ctx.prisma)),
  rotateSigningKeys: adminProcedure
    .output(signingKeyRotationOutput)
    .mutation(({ ctx }) => rotateSigningKeys(ctx.prisma, actorOf(ctx))),
} satisfies TRPCRouterRecord;
