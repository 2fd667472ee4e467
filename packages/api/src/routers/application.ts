import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import {
  addRedirectUriInput,
  applicationIdInput,
  createApplicationInput,
  listApplicationsInput,
  revokeSecretInput,
  rotateSecretInput,
  updateApplicationInput,
} from "../schemas/applications.js";
import {
  applicationOutput,
  createdApplicationOutput,
  idpOptionOutput,
  issuedSecretOutput,
  secretOutput,
} from "../schemas/outputs.js";
import * as applications from "../services/applications/applications-service.js";
import { protectedProcedure } from "../trpc.js";

export const applicationRouter = {
  idpOptions: protectedProcedure
    .output(z.array(idpOptionOutput))
    .query(({ ctx }) => applications.listIdpOptions(ctx.prisma)),
  list: protectedProcedure
    .input(listApplicationsInput)
    .output(z.array(applicationOutput))
    .query(({ ctx, input }) =>
      applications.listApplications(ctx.prisma, ctx.session.user.id, input.organizationId),
    ),
  get: protectedProcedure
    .input(applicationIdInput)
    .output(applicationOutput)
    .query(({ ctx, input }) =>
      applications.getApplication(ctx.prisma, ctx.session.user.id, input.applicationId),
    ),
  create: protectedProcedure
    .input(createApplicationInput)
    .output(createdApplicationOutput)
    .mutation(({ ctx, input }) =>
      applications.createApplication(
        ctx.prisma,
        ctx.session.user.id,
        input.organizationId,
        input.settings,
        ctx.lotseMode ?? "production",
      ),
    ),
  addRedirectUri: protectedProcedure
    .input(addRedirectUriInput)
    .output(applicationOutput)
    .mutation(({ ctx, input }) =>
      applications.addRedirectUri(
        ctx.prisma,
        ctx.session.user.id,
        input.applicationId,
        input.redirectUri,
      ),
    ),
  update: protectedProcedure
    .input(updateApplicationInput)
    .output(applicationOutput)
    .mutation(({ ctx, input }) =>
      applications.updateApplication(
        ctx.prisma,
        ctx.session.user.id,
        input.applicationId,
        input.settings,
        ctx.lotseMode ?? "production",
      ),
    ),
  delete: protectedProcedure
    .input(applicationIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) =>
      applications.deleteApplication(ctx.prisma, ctx.session.user.id, input.applicationId),
    ),
  secrets: protectedProcedure
    .input(applicationIdInput)
    .output(z.array(secretOutput))
    .query(({ ctx, input }) =>
      applications.listSecrets(ctx.prisma, ctx.session.user.id, input.applicationId),
    ),
  rotateSecret: protectedProcedure
    .input(rotateSecretInput)
    .output(issuedSecretOutput)
    .mutation(({ ctx, input }) =>
      applications.rotateSecret(
        ctx.prisma,
        ctx.session.user.id,
        input.applicationId,
        input.graceSeconds,
      ),
    ),
  revokeSecret: protectedProcedure
    .input(revokeSecretInput)
    .output(z.void())
    .mutation(({ ctx, input }) =>
      applications.revokeSecret(
        ctx.prisma,
        ctx.session.user.id,
        input.applicationId,
        input.secretId,
      ),
    ),
} satisfies TRPCRouterRecord;
