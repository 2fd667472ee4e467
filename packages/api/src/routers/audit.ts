import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import {
  auditExportOutput,
  auditFilterOptionsOutput,
  auditFlowInput,
  auditFlowOutput,
  auditOverviewOutput,
  auditPageOutput,
  chainStatusOutput,
  exportAuditInput,
  listAuditInput,
} from "../schemas/audit.js";
import { auditChainStatus, reverifyAuditChain } from "../services/audit/chain-status.js";
import { listAuditEvents } from "../services/audit/events.js";
import { exportAuditEvents } from "../services/audit/export.js";
import { auditFilterOptions } from "../services/audit/filter-options.js";
import { getAuditFlow } from "../services/audit/flow.js";
import { auditOverview } from "../services/audit/overview.js";
import { adminProcedure, protectedProcedure } from "../trpc.js";

/** The audit log (DESIGN.md §5); which events a caller sees is decided in the services. */
export const auditRouter = {
  list: protectedProcedure
    .input(listAuditInput)
    .output(auditPageOutput)
    .query(({ ctx, input }) => listAuditEvents(ctx.prisma, ctx.session.user, input)),
  flow: protectedProcedure
    .input(auditFlowInput)
    .output(auditFlowOutput)
    .query(({ ctx, input }) => getAuditFlow(ctx.prisma, ctx.session.user, input.flowId)),
  export: protectedProcedure
    .input(exportAuditInput)
    .output(auditExportOutput)
    .query(({ ctx, input }) => exportAuditEvents(ctx.prisma, ctx.session.user, input)),
  overview: protectedProcedure
    .input(z.void())
    .output(auditOverviewOutput)
    .query(({ ctx }) => auditOverview(ctx.prisma, ctx.session.user)),
  filterOptions: protectedProcedure
    .input(z.void())
    .output(auditFilterOptionsOutput)
    .query(({ ctx }) => auditFilterOptions(ctx.prisma, ctx.session.user)),
  /** Verifies only the events appended since the last check (see the service). */
  chainStatus: adminProcedure
    .input(z.void())
    .output(chainStatusOutput)
    .query(({ ctx }) => auditChainStatus(ctx.prisma)),
  /** Re-hashes the whole chain from its start: catches changes to already verified events. */
  verifyChain: adminProcedure
    .input(z.void())
    .output(chainStatusOutput)
    .mutation(({ ctx }) => reverifyAuditChain(ctx.prisma)),
} satisfies TRPCRouterRecord;
