/**
 * The broker survives a restart of its database (issue 17): under a light steady load
 * (discovery, the IDP list, userinfo, a refresh chain) PostgreSQL is stopped and started
 * again on the same data folder and port. While it is gone, every answer is a clean error
 * (a JSON OAuth error, no stack trace) and nothing hangs; within 5 s of its return requests
 * succeed again and the health check turns healthy; and what was acknowledged before the
 * outage still works after it (an access token at userinfo, a refresh token).
 *
 * A dedicated embedded PostgreSQL of its own (the run's shared server cannot be stopped
 * under the other tests); a stack test for the same reasons as scale-out.stack.test.ts.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import { createPrismaClient } from "@lotse/db";
import { verifyAuditChain } from "@lotse/db/audit";
import { DEMO_WEB } from "@lotse/db/seed";
import { startDatabase, type Database } from "@lotse/db/server";
import { freePort } from "./ports.js";
import { startCluster, type Cluster } from "./scale-out/cluster.js";
import {
  Dirty,
  Ledger,
  REQUEST_TIMEOUT_MS,
  refresh,
  refreshRequest,
  send,
  Unreachable,
  webLogin,
  type Answer,
  type FlowContext,
  type Tokens,
} from "./scale-out/flows.js";

/** How long the database stays away. */
const OUTAGE_MS = 2_000;
/** The promise of issue 17: back within 5 s of the database. */
const RECOVERY_MS = 5_000;

interface Sample {
  what: string;
  startedAt: number;
  endedAt: number;
  status: number;
  body: string;
}

/** A failure a client can act on: a JSON OAuth error, without a trace of the server's insides. */
function cleanServerError(sample: Sample): boolean {
  if (sample.status !== 500 && sample.status !== 503) return false;
  try {
    const body = JSON.parse(sample.body) as { error?: unknown };
    return (
      ["server_error", "temporarily_unavailable"].includes(String(body.error)) &&
      !/\bat .+:\d+:\d+|\.[jt]s\b|prisma|postgres|ECONNREFUSED/i.test(sample.body)
    );
  } catch {
    return false;
  }
}

describe.runIf(process.platform === "linux")("the database restarts under load", () => {
  let dataRoot: string;
  let port: number;
  let server: Database | undefined;
  let cluster: Cluster | undefined;
  const startServer = () =>
    startDatabase({ databaseUrl: "", port, dataDirectory: path.join(dataRoot, "postgres") });

  beforeAll(async () => {
    // The embedded server runs as the system user postgres when we are root: it must enter.
    dataRoot = mkdtempSync(path.join(tmpdir(), "lotse-db-restart-"));
    chmodSync(dataRoot, 0o755);
    port = await freePort();
    server = await startServer();
    cluster = await startCluster({ serverUrl: server.url, brokers: 1 });
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
    await server?.stop();
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  });

  test(
    "the broker answers cleanly while PostgreSQL is gone and recovers within 5 s of its return",
    { timeout: 90_000 },
    async () => {
      const { issuer, sandboxUrl } = cluster!;
      const broker = cluster!.brokers[0]!.url;
      onTestFailed(() => console.log(cluster!.output.slice(-60).join("\n")));
      const context: FlowContext = { issuer, sandboxUrl, ledger: new Ledger() };
      // /readyz where the broker has it (database and keys), else /healthz.
      const health = (await send(`${broker}/readyz`)).status === 404 ? "/healthz" : "/readyz";

      // Acknowledged before the outage, and left alone until after it.
      const kept: Tokens[] = [await webLogin(context), await webLogin(context)];
      let chainToken = (await webLogin(context)).refresh_token!;

      const samples: Sample[] = [];
      const dirty: string[] = [];
      const sample = async (what: string, request: () => Promise<Answer>) => {
        const startedAt = Date.now();
        try {
          const answer = await request();
          const record = {
            what,
            startedAt,
            endedAt: Date.now(),
            status: answer.status,
            body: answer.text,
          };
          samples.push(record);
          return record;
        } catch (error) {
          // A hang (no answer within REQUEST_TIMEOUT_MS) or a dropped connection.
          if (error instanceof Dirty || error instanceof Unreachable)
            dirty.push(`${what}: ${error.message}`);
          else throw error;
          return undefined;
        }
      };
      let stopLoad = false;
      let chainLost: Sample | undefined;
      const reads = async () => {
        while (!stopLoad) {
          await sample("discovery", () => send(`${issuer}/.well-known/openid-configuration`));
          await sample("idp list", () =>
            send(`${issuer}/api/v1/idps?relyingPartyId=${DEMO_WEB.clientId}`),
          );
          await sample("userinfo", () =>
            send(`${issuer}/connect/userinfo`, {
              headers: { authorization: `Bearer ${kept[0]!.access_token}` },
            }),
          );
          await sleep(50);
        }
      };
      const refreshes = async () => {
        while (!stopLoad && !chainLost) {
          const answer = await sample("refresh", () => refreshRequest(context, chainToken));
          if (answer?.status === 200) {
            const tokens = JSON.parse(answer.body) as Tokens;
            context.ledger.success(chainToken, tokens);
            chainToken = tokens.refresh_token!;
          }
          if (answer?.status === 400) chainLost = answer;
          await sleep(answer?.status === 200 ? 50 : 100);
        }
      };
      const probes: { at: number; status: number }[] = [];
      const probe = async () => {
        while (!stopLoad) {
          const at = Date.now();
          const status = await fetch(`${broker}${health}`, { signal: AbortSignal.timeout(2_000) })
            .then((response) => response.status)
            .catch(() => 0);
          probes.push({ at, status });
          await sleep(100);
        }
      };
      const load = Promise.all([reads(), refreshes(), probe()]);

      await sleep(1_500);
      const downAt = Date.now();
      await server!.stop();
      const stoppedAt = Date.now();
      await sleep(OUTAGE_MS);
      server = await startServer();
      const upAt = Date.now();

      const ok = (what: string, after: number) =>
        samples.find((s) => s.what === what && s.startedAt >= after && s.status === 200);
      const deadline = upAt + 15_000;
      while (
        Date.now() < deadline &&
        !(
          ok("idp list", upAt) &&
          ok("userinfo", upAt) &&
          probes.some((p) => p.at >= upAt && p.status === 200)
        )
      )
        await sleep(50);
      await sleep(1_000);
      stopLoad = true;
      await load;

      const during = samples.filter((s) => s.endedAt >= downAt && s.startedAt <= upAt);
      const failed = samples.filter((s) => s.status >= 400);
      const firstOk = (what: string) => ok(what, upAt)?.endedAt ?? Infinity;
      const recovered = Math.max(firstOk("idp list"), firstOk("userinfo")) - upAt;
      const healthyAt = probes.find((p) => p.at >= upAt && p.status === 200)?.at ?? Infinity;
      const statuses = [
        ...new Set(failed.map((s) => `${s.what} ${s.status} ${s.body.slice(0, 120)}`)),
      ];
      console.log(
        `database restart: stop took ${stoppedAt - downAt} ms, start ${upAt - stoppedAt - OUTAGE_MS} ms; ` +
          `requests ok again ${recovered} ms and ${health} healthy ${healthyAt - upAt} ms after the start; ` +
          `${samples.length} requests, ${failed.length} failed: ${statuses.join(" | ")}` +
          (chainLost ? `; the refresh chain ended: ${chainLost.body}` : ""),
      );

      // The outage was seen: the health check said so, and requests needing the database failed.
      expect(probes.some((p) => p.at >= stoppedAt && p.at < upAt && p.status === 503)).toBe(true);
      expect(during.some((s) => s.what === "idp list" && s.status >= 500)).toBe(true);
      // Nothing hung, no connection was dropped.
      expect(dirty).toEqual([]);
      expect(samples.every((s) => s.endedAt - s.startedAt < REQUEST_TIMEOUT_MS)).toBe(true);
      // Every failure a clean error, and only while the database was away (or coming back).
      const unclean = failed.filter((s) => !cleanServerError(s) && s !== chainLost);
      expect(unclean.map((s) => `${s.what} ${s.status} ${s.body.slice(0, 200)}`)).toEqual([]);
      expect(
        failed
          .filter((s) => s.endedAt < downAt || s.startedAt > upAt + RECOVERY_MS)
          .map((s) => s.what),
      ).toEqual([]);
      // Back within 5 s of the database.
      expect(recovered).toBeLessThan(RECOVERY_MS);
      expect(healthyAt - upAt).toBeLessThan(RECOVERY_MS);

      // Nothing acknowledged before the outage was lost.
      expect(ok("userinfo", upAt)).toBeDefined();
      for (const tokens of kept) await refresh(context, tokens.refresh_token!);
      // The chain goes on, or ended (invalid_grant) only on a refresh that was in flight when
      // the database went away: it may have used up the token without storing the new one.
      if (chainLost) {
        const inFlight = samples.some(
          (s) =>
            s.what === "refresh" &&
            s.startedAt <= stoppedAt &&
            s.endedAt >= downAt &&
            s.status >= 500,
        );
        expect(inFlight, `refresh chain ended: ${chainLost.body}`).toBe(true);
      } else {
        expect(ok("refresh", upAt)).toBeDefined();
      }
      expect(context.ledger.twice()).toEqual({ redeemed: 0, issued: 0 });

      const prisma = createPrismaClient(cluster!.databaseUrl);
      try {
        expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true });
      } finally {
        await prisma.$disconnect();
      }
    },
  );
});
