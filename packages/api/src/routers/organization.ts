import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import {
  changeMemberRoleInput,
  createInvitationInput,
  createOrganizationInput,
  invitationTokenInput,
  memberInput,
  organizationIdInput,
  revokeInvitationInput,
} from "../schemas/organizations.js";
import {
  createdInvitationOutput,
  invitationOutput,
  invitationPreviewOutput,
  memberOutput,
  organizationOutput,
} from "../schemas/outputs.js";
import * as invitations from "../services/organizations/invitations-service.js";
import * as members from "../services/organizations/members-service.js";
import {
  createOrganization,
  getOrganization,
  listMyOrganizations,
} from "../services/organizations/organizations-service.js";
import { protectedProcedure } from "../trpc.js";

export const organizationRouter = {
  create: protectedProcedure
    .input(createOrganizationInput)
    .output(organizationOutput)
    .mutation(({ ctx, input }) => createOrganization(ctx.prisma, ctx.session.user.id, input)),
  list: protectedProcedure
    .output(z.array(organizationOutput))
    .query(({ ctx }) => listMyOrganizations(ctx.prisma, ctx.session.user.id)),
  get: protectedProcedure
    .input(organizationIdInput)
    .output(organizationOutput)
    .query(({ ctx, input }) =>
      getOrganization(ctx.prisma, ctx.session.user.id, input.organizationId),
    ),
  members: protectedProcedure
    .input(organizationIdInput)
    .output(z.array(memberOutput))
    .query(({ ctx, input }) =>
      members.listMembers(ctx.prisma, ctx.session.user.id, input.organizationId),
    ),
  /** OWNER ↔ MEMBER; owners only; the last owner cannot be demoted. */
  changeMemberRole: protectedProcedure
    .input(changeMemberRoleInput)
    .output(z.void())
    .mutation(({ ctx, input }) =>
      members.changeMemberRole(ctx.prisma, ctx.session.user.id, input, ctx.clientIp),
    ),
  /** Owners remove anyone; with one's own user id, any member leaves. Never the last owner. */
  removeMember: protectedProcedure
    .input(memberInput)
    .output(z.void())
    .mutation(({ ctx, input }) =>
      members.removeMember(ctx.prisma, ctx.session.user.id, input, ctx.clientIp),
    ),
  createInvitation: protectedProcedure
    .input(createInvitationInput)
    .output(createdInvitationOutput)
    .mutation(({ ctx, input }) =>
      invitations.createInvitation(
        ctx.prisma,
        ctx.session.user.id,
        input.organizationId,
        input.expiresInDays,
        new Date(),
        ctx.clientIp,
      ),
    ),
  invitations: protectedProcedure
    .input(organizationIdInput)
    .output(z.array(invitationOutput))
    .query(({ ctx, input }) =>
      invitations.listInvitations(ctx.prisma, ctx.session.user.id, input.organizationId),
    ),
  revokeInvitation: protectedProcedure
    .input(revokeInvitationInput)
    .output(z.void())
    .mutation(({ ctx, input }) =>
      invitations.revokeInvitation(
        ctx.prisma,
        ctx.session.user.id,
        input.organizationId,
        input.invitationId,
        new Date(),
        ctx.clientIp,
      ),
    ),
  previewInvitation: protectedProcedure
    .input(invitationTokenInput)
    .output(invitationPreviewOutput)
    .query(({ ctx, input }) =>
      invitations.previewInvitation(ctx.prisma, ctx.session.user.id, input.token),
    ),
  acceptInvitation: protectedProcedure
    .input(invitationTokenInput)
    .output(z.object({ organizationId: z.string() }))
    .mutation(({ ctx, input }) =>
      invitations.acceptInvitation(ctx.prisma, ctx.session.user.id, input.token),
    ),
} satisfies TRPCRouterRecord;
