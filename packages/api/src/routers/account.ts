import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { changePasswordInput, signUpInput } from "../schemas/accounts.js";
import { accountOutput } from "../schemas/outputs.js";
import { changePassword, getAccount, signUp } from "../services/accounts/accounts-service.js";
import { protectedProcedure, publicProcedure } from "../trpc.js";

export const accountRouter = {
  signUp: publicProcedure
    .input(signUpInput)
    .output(accountOutput)
    .mutation(({ ctx, input }) => signUp(ctx.prisma, input, ctx.clientIp)),
  me: protectedProcedure
    .output(accountOutput)
    .query(({ ctx }) => getAccount(ctx.prisma, ctx.session.user.id)),
  changePassword: protectedProcedure
    .input(changePasswordInput)
    .output(z.void())
    // Ends every session of the user, this one too: the portal signs in again afterwards.
    .mutation(async ({ ctx, input }) => {
      await changePassword(ctx.prisma, ctx.session.user.id, input);
    }),
} satisfies TRPCRouterRecord;
