/**
 * Two brokers on one database behind one URL behave as one, and the loss of one ends no
 * flow uncleanly (issue 17, DESIGN.md §3 "Stateless services"). Two built broker processes
 * (one issuer, one KEK, one fresh database) behind a round-robin proxy, the sandbox beside
 * them. Browser logins, refresh chains and native logins with the exchange API run in
 * parallel through the proxy, so the steps of every flow alternate between the instances;
 * then one broker is killed with SIGKILL while they run.
 *
 * Checked are invariants, never counts: every flow ended with tokens or on a request that was
 * at the killed instance (the proxy's 502); no broker answered 5xx, nothing hung; every flow
 * that began after the proxy noticed the loss finished with tokens; no code, exchange or
 * refresh token was redeemed twice, even when sent to both instances at once; and the audit
 * chain that both wrote verifies.
 *
 * A stack test (`pnpm --filter @lotse/scripts test:stack`, run by `pnpm test` after the build):
 * it starts built processes and kills one, which the in-process protocol tests cannot do.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import { createPrismaClient } from "@lotse/db";
import { verifyAuditChain } from "@lotse/db/audit";
import { startDatabase, type Database } from "@lotse/db/server";
import { startCluster, type Cluster } from "./scale-out/cluster.js";
import {
  Ledger,
  mobileLogin,
  recordFlow,
  refresh,
  refreshRacing,
  webLogin,
  type FlowContext,
  type FlowKind,
  type FlowRecord,
} from "./scale-out/flows.js";

const KINDS: FlowKind[] = ["web login", "mobile login", "refresh chain"];
/** Load before the kill, at least; and after the loss was noticed, at least. */
const BEFORE_MS = 2_000;
const AFTER_MS = 2_500;
/** Whatever happens, the load stops here (then the test fails on what is missing). */
const LOAD_CAP_MS = 30_000;

describe.runIf(process.platform === "linux")("two brokers on one database", () => {
  let database: Database | undefined;
  let cluster: Cluster | undefined;

  beforeAll(async () => {
    // DATABASE_URL's server (`pnpm test` hands its own to every layer) or the embedded one.
    database = await startDatabase();
    cluster = await startCluster({ serverUrl: database.url, brokers: 2 });
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
    await database?.stop();
  });

  test(
    "behave as one, and losing one to kill -9 ends every flow with tokens or cleanly",
    { timeout: 90_000 },
    async () => {
      const { issuer, sandboxUrl, proxy, brokers } = cluster!;
      onTestFailed(() => console.log(cluster!.output.slice(-60).join("\n")));
      const context: FlowContext = { issuer, sandboxUrl, ledger: new Ledger() };
      const records: FlowRecord[] = [];
      const victim = 1; // broker-2, target 1 of the proxy
      const lossNoticed = () => proxy.targets[victim]!.downSince;

      const done = (kind: FlowKind, after: number | undefined) =>
        after !== undefined &&
        records.some((r) => r.kind === kind && r.startedAt >= after && r.outcome === "tokens");
      const capAt = Date.now() + LOAD_CAP_MS;
      /** Runs flows of one kind until both phases have seen one of its kind finish. */
      const worker = async (kind: FlowKind, flow: () => Promise<unknown>) => {
        while (Date.now() < capAt) {
          const noticed = lossNoticed();
          if (noticed !== undefined && Date.now() > noticed + AFTER_MS && done(kind, noticed))
            return;
          await recordFlow(kind, flow, records);
        }
      };
      const chain = async () => {
        let tokens = await webLogin(context);
        for (let step = 0; step < 4; step += 1)
          tokens = await refresh(context, tokens.refresh_token!);
        // Both instances at once: exactly one may rotate it.
        await refreshRacing(context, tokens.refresh_token!);
      };
      const startedAt = Date.now();
      const load = Promise.all([
        worker("web login", () => webLogin(context)),
        worker("mobile login", () => mobileLogin(context)),
        worker("mobile login", () => mobileLogin(context)),
        worker("refresh chain", chain),
        worker("refresh chain", chain),
      ]);

      // The kill, once every kind has finished with tokens on the two instances.
      while (
        Date.now() < capAt &&
        (Date.now() < startedAt + BEFORE_MS || !KINDS.every((kind) => done(kind, startedAt)))
      )
        await sleep(50);
      const servedBeforeKill = proxy.targets.map((target) => target.sent);
      const killedAt = Date.now();
      await brokers[victim]!.kill();
      await load;

      const noticedAt = lossNoticed() ?? Infinity;
      const summary = KINDS.map((kind) => {
        const of = records.filter((r) => r.kind === kind);
        const tokens = of.filter((r) => r.outcome === "tokens").length;
        const after = of.filter((r) => r.startedAt >= noticedAt).length;
        return `${kind}: ${tokens}/${of.length} with tokens (${after} begun after the loss)`;
      }).join(", ");
      console.log(
        `scale-out: ${summary}; loss noticed ${noticedAt - killedAt} ms after the kill; ` +
          `load ${Date.now() - startedAt} ms; requests per instance ${proxy.targets.map((t) => t.sent).join("/")}`,
      );

      // Both instances carried the flows before the kill.
      expect(servedBeforeKill.every((sent) => sent > 0)).toBe(true);
      for (const kind of KINDS)
        expect(
          records.some((r) => r.kind === kind && r.outcome === "tokens" && r.endedAt <= killedAt),
          `${kind} before the kill`,
        ).toBe(true);

      // Nothing dirty: no 5xx from a broker, no answer that is no OAuth error, no hang.
      expect(
        records.filter((r) => r.outcome === "dirty").map((r) => `${r.kind}: ${r.detail}`),
      ).toEqual([]);
      // A flow failed only on a request at the killed instance; no instance refused what the other began.
      expect(
        records
          .filter((r) => r.outcome === "failed cleanly" && r.unreachableTarget !== String(victim))
          .map((r) => `${r.kind}: ${r.detail}`),
      ).toEqual([]);
      // The survivor never dropped a request, and the proxy noticed the loss.
      expect(proxy.targets[0]!.unreachable).toBe(0);
      expect(lossNoticed()).toBeGreaterThanOrEqual(killedAt);
      // After the loss was noticed, the survivor alone finished every flow.
      const noticed = lossNoticed()!;
      for (const kind of KINDS) expect(done(kind, noticed), `${kind} after the loss`).toBe(true);
      expect(
        records
          .filter((r) => r.startedAt >= noticed && r.outcome !== "tokens")
          .map((r) => `${r.kind}: ${r.detail}`),
      ).toEqual([]);

      // Nothing issued twice.
      expect(context.ledger.redeemed.size).toBeGreaterThan(0);
      expect(context.ledger.twice()).toEqual({ redeemed: 0, issued: 0 });

      // One audit chain, written by both, intact; every token a client received is in it,
      // also the killed instance's (an answer waits for its events, audit/provider-events.ts).
      const prisma = createPrismaClient(cluster!.databaseUrl);
      try {
        const allTokens = proxy.answered.filter(
          (a) => a.path === "/connect/token" && a.status === 200,
        ).length;
        const events = await prisma.auditEvent.count({
          where: { type: { in: ["token.issued", "token.refreshed"] }, outcome: "SUCCESS" },
        });
        console.log(`scale-out: token answers ${allTokens}, token events ${events}`);
        expect(events).toBeGreaterThanOrEqual(allTokens);
        const report = await verifyAuditChain(prisma);
        expect(report).toMatchObject({ ok: true });
        expect(report.checked).toBe(await prisma.auditEvent.count());
        console.log(`scale-out: audit chain intact (${report.checked} events)`);
      } finally {
        await prisma.$disconnect();
      }
    },
  );
});
