/**
 * Pending upstream logins, keyed by the `state` sent to the insurer IDP. Kept in the
 * database (DESIGN.md §3 "Stateless services": the callback may reach another broker
 * instance) and consumed exactly once: a replayed callback finds nothing. A state
 * PostgreSQL cannot hold (a NUL, a lone surrogate) was never saved, so it finds nothing
 * without a query (docs/security.md "Malformed text").
 */
import type { PrismaClient } from "@lotse/db";
import { isWellFormedText } from "@lotse/domain";
import { z } from "zod";

const MODEL = "UpstreamFlow";

export const upstreamFlow = z.object({
  /** oidc-provider's interaction uid of the app's pending authorization. */
  interactionUid: z.string(),
  clientId: z.string(),
  idpIssuer: z.string(),
  codeVerifier: z.string(),
  nonce: z.string(),
  redirectUri: z.string(),
  flowId: z.string(),
});

export type UpstreamFlow = z.infer<typeof upstreamFlow>;

export interface UpstreamFlowStore {
  save(state: string, flow: UpstreamFlow, ttlSeconds: number): Promise<void>;
  /** The interaction a pending flow belongs to, without consuming it. */
  interactionOf(state: string): Promise<string | undefined>;
  /** The pending flow, without consuming it; undefined when unknown, used or expired. */
  peek(state: string): Promise<UpstreamFlow | undefined>;
  /** Returns and deletes the flow; undefined when unknown, used or expired. */
  consume(state: string): Promise<UpstreamFlow | undefined>;
}

export function createUpstreamFlowStore(prisma: PrismaClient): UpstreamFlowStore {
  return {
    async save(state, flow, ttlSeconds) {
      await prisma.oidcPayload.create({
        data: {
          id: state,
          type: MODEL,
          payload: flow,
          uid: flow.interactionUid,
          expiresAt: new Date(Date.now() + ttlSeconds * 1000),
        },
      });
    },
    async interactionOf(state) {
      if (!isWellFormedText(state)) return undefined;
      const row = await prisma.oidcPayload.findUnique({
        where: { id_type: { id: state, type: MODEL } },
      });
      if (!row || (row.expiresAt && row.expiresAt.getTime() < Date.now())) return undefined;
      return row.uid ?? undefined;
    },
    async peek(state) {
      if (!isWellFormedText(state)) return undefined;
      const row = await prisma.oidcPayload.findUnique({
        where: { id_type: { id: state, type: MODEL } },
      });
      if (!row || (row.expiresAt && row.expiresAt.getTime() < Date.now())) return undefined;
      const parsed = upstreamFlow.safeParse(row.payload);
      return parsed.success ? parsed.data : undefined;
    },
    async consume(state) {
      if (!isWellFormedText(state)) return undefined;
      // DELETE … RETURNING makes "read and forget" one atomic step across instances.
      const rows = await prisma.$queryRaw<Array<{ payload: unknown; expiresAt: Date | null }>>`
        delete from "OidcPayload" where "id" = ${state} and "type" = ${MODEL}
        returning "payload", "expiresAt"`;
      const row = rows[0];
      if (!row || (row.expiresAt && row.expiresAt.getTime() < Date.now())) return undefined;
      const parsed = upstreamFlow.safeParse(row.payload);
      return parsed.success ? parsed.data : undefined;
    },
  };
}
