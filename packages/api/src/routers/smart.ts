import type { TRPCRouterRecord } from "@trpc/server";
import {
  createSmartLaunchInput,
  launcherDirectoryOutput,
  smartApplicationInput,
  smartLaunchOutput,
} from "../schemas/smart.js";
import { createSmartLaunch, getLauncherDirectory } from "../services/smart/launches-service.js";
import { protectedProcedure } from "../trpc.js";

/** The SMART launcher of a SMART-enabled application (docs/flows/smart.md). */
export const smartRouter = {
  createLaunch: protectedProcedure
    .input(createSmartLaunchInput)
    .output(smartLaunchOutput)
    .mutation(({ ctx, input }) => createSmartLaunch(ctx.prisma, ctx.session.user.id, input)),
  directory: protectedProcedure
    .input(smartApplicationInput)
    .output(launcherDirectoryOutput)
    .query(({ ctx, input }) =>
      getLauncherDirectory(ctx.prisma, ctx.session.user.id, input.applicationId, ctx.sandboxUrl),
    ),
} satisfies TRPCRouterRecord;
