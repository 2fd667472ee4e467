import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import {
  apiIdInput,
  apiOutput,
  createApiInput,
  listApisInput,
  updateApiInput,
} from "../schemas/apis.js";
import * as apis from "../services/apis/apis-service.js";
import { protectedProcedure } from "../trpc.js";

/** APIs (resource servers) of an organisation (docs/portal.md "APIs"). */
export const apiRouter = {
  list: protectedProcedure
    .input(listApisInput)
    .output(z.array(apiOutput))
    .query(({ ctx, input }) =>
      apis.listApis(ctx.prisma, ctx.session.user.id, input.organizationId),
    ),
  get: protectedProcedure
    .input(apiIdInput)
    .output(apiOutput)
    .query(({ ctx, input }) => apis.getApi(ctx.prisma, ctx.session.user.id, input.apiId)),
  create: protectedProcedure
    .input(createApiInput)
    .output(apiOutput)
    .mutation(({ ctx, input }) =>
      apis.createApi(ctx.prisma, ctx.session.user.id, input.organizationId, input.settings),
    ),
  update: protectedProcedure
    .input(updateApiInput)
    .output(apiOutput)
    .mutation(({ ctx, input }) =>
      apis.updateApi(ctx.prisma, ctx.session.user.id, input.apiId, input.settings),
    ),
  delete: protectedProcedure
    .input(apiIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) => apis.deleteApi(ctx.prisma, ctx.session.user.id, input.apiId)),
} satisfies TRPCRouterRecord;
