/**
 * Which processes `pnpm bench` samples for "CPU ms per operation" (cpu.ts), per side:
 * Lotse's phases count the broker, the sandbox (the insurer a login goes through), the
 * PostgreSQL server, the load generator (this process) and, with `--attribute`, the counting
 * proxy; the peer's phases count the peer and the load generator. `describe` says in words
 * what each group is, for the footnote and the JSON.
 */
import { createPrismaClient } from "@lotse/db";
import { postmasterOf, type CpuGroup } from "./cpu.js";

export interface MeasuredProcesses {
  lotse: Record<string, CpuGroup>;
  peer: Record<string, CpuGroup>;
  describe: Record<string, string>;
}

/**
 * The postmaster of the server behind `databaseUrl`: the parent of the backend serving the
 * bench's own connection (cpu.ts postmasterOf), looked up while that backend still lives;
 * undefined if the database does not answer or its server is not in this machine's /proc.
 */
async function postgresPostmaster(databaseUrl: string): Promise<number | undefined> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    const rows = await prisma.$queryRawUnsafe<{ pid: number }[]>("select pg_backend_pid() as pid");
    return rows[0] ? postmasterOf(rows[0].pid) : undefined;
  } catch {
    return undefined;
  } finally {
    await prisma.$disconnect();
  }
}

export async function measuredProcesses(options: {
  brokerPid: number | undefined;
  sandboxPid: number | undefined;
  proxyPid: number | undefined;
  peerPid: number | undefined;
  databaseUrl: string;
}): Promise<MeasuredProcesses> {
  const postmaster = await postgresPostmaster(options.databaseUrl);
  const lotse: Record<string, CpuGroup> = {};
  const peer: Record<string, CpuGroup> = {};
  const describe: Record<string, string> = {};
  if (options.brokerPid) {
    lotse.broker = { pid: options.brokerPid };
    describe.broker = `the broker (pid ${options.brokerPid})`;
  }
  if (options.sandboxPid) {
    lotse.sandbox = { pid: options.sandboxPid };
    describe.sandbox = `the sandbox insurers (pid ${options.sandboxPid})`;
  }
  if (postmaster) {
    lotse.postgres = { pid: postmaster, tree: true };
    describe.postgres = `the whole PostgreSQL server: postmaster ${postmaster} and all its processes (the backends of broker, sandbox and bench, background workers; backends that ended within the phase included)`;
  }
  if (options.proxyPid) {
    lotse.proxy = { pid: options.proxyPid };
    describe.proxy = `the counting proxy of --attribute (pid ${options.proxyPid})`;
  }
  if (options.peerPid) {
    peer.peer = { pid: options.peerPid };
    describe.peer = `the bare oidc-provider (pid ${options.peerPid})`;
  }
  lotse.loadGenerator = peer.loadGenerator = { pid: process.pid };
  describe.loadGenerator = `the load generator, i.e. the bench itself (pid ${process.pid})`;
  return { lotse, peer, describe };
}
