/**
 * The audit log through the router, against a real database (DESIGN.md §5): a developer
 * sees only events of their organizations' applications (matched by client id) in every
 * procedure, admins see all; keyset pagination; filters; the chain check.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { appendAuditEvents } from "../../testing/audit-events.js";
import {
  callerFor,
  codeOf,
  confidentialApp,
  createTestWorld,
  createUser,
  type TestWorld,
} from "../../testing/fixtures.js";

let world: TestWorld;
let alice: ReturnType<typeof callerFor>;
let bob: ReturnType<typeof callerFor>;
let admin: ReturnType<typeof callerFor>;
let clientA: string;
let clientB: string;

const IDP = "https://idp.tk.example";
const SAME_TIME = new Date(Date.now() - 60_000);

/** One login of `clientId`: authorize, callback, code, token, all under `flowId`. */
function login(clientId: string, flowId: string, time: Date, outcome: "SUCCESS" | "FAILURE") {
  const base = { clientId, flowId, upstreamIdp: IDP, time };
  return [
    { ...base, type: "authorize.request", details: { scope: "openid" } },
    outcome === "SUCCESS"
      ? { ...base, type: "upstream.callback" }
      : {
          ...base,
          type: "upstream.callback",
          outcome: "FAILURE",
          errorCode: "access_denied",
          errorDescription: "The user cancelled.",
        },
    ...(outcome === "SUCCESS"
      ? [
          { ...base, type: "code.issued", subject: `sub-${flowId}`, grantId: `grant-${flowId}` },
          // The token request carries no flow id, only the grant.
          { clientId, time, type: "token.issued", grantId: `grant-${flowId}` },
        ]
      : []),
  ];
}

beforeAll(async () => {
  world = await createTestWorld();
  const aliceUser = await createUser(world.prisma, "alice@a.example");
  alice = callerFor(world.prisma, aliceUser);
  bob = callerFor(world.prisma, await createUser(world.prisma, "bob@b.example"));
  // The procedures re-read the role from the database, so the admin is one there.
  const adminUser = await world.prisma.user.update({
    where: { id: (await createUser(world.prisma, "admin@lotse.example")).id },
    data: { role: "ADMIN" },
  });
  admin = callerFor(world.prisma, adminUser);
  const orgA = (await alice.organization.create({ name: "Org A", slug: "org-a" })).id;
  const orgB = (await bob.organization.create({ name: "Org B", slug: "org-b" })).id;
  clientA = (await alice.application.create({ organizationId: orgA, settings: confidentialApp }))
    .application.clientId;
  clientB = (await bob.application.create({ organizationId: orgB, settings: confidentialApp }))
    .application.clientId;

  // The 34 events of org A share one timestamp, to test paging through equal times.
  const events = [];
  for (let index = 0; index < 10; index++)
    events.push(...login(clientA, `flow-a-${index}`, SAME_TIME, index < 7 ? "SUCCESS" : "FAILURE"));
  events.push(...login(clientB, "flow-b", new Date(), "SUCCESS"));
  events.push({
    clientId: clientB,
    time: new Date(),
    type: "authorize.rejected",
    outcome: "FAILURE",
    errorCode: "invalid_redirect_uri",
    flowId: "flow-b-bad",
    details: { redirect_uri: "https://evil.example/cb" },
  });
  // An event without a client (e.g. a malformed request) is for admins only.
  events.push({ type: "request.rejected", outcome: "FAILURE", errorCode: "invalid_request" });
  await appendAuditEvents(world.prisma, events);
});

afterAll(() => world?.close());

async function allPages(caller: ReturnType<typeof callerFor>, limit: number) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await caller.audit.list({ filter: {}, limit, ...(cursor ? { cursor } : {}) });
    ids.push(...result.events.map((event) => event.id));
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return ids;
}

describe("who sees what", () => {
  test("list: a developer sees only their applications' events, an admin all", async () => {
    const mine = await alice.audit.list({ filter: {}, limit: 100 });
    expect(mine.events.length).toBe(34);
    expect(mine.events.every((event) => event.clientId === clientA)).toBe(true);
    const theirs = await bob.audit.list({ filter: {}, limit: 100 });
    expect(theirs.events.every((event) => event.clientId === clientB)).toBe(true);
    expect((await admin.audit.list({ filter: {}, limit: 100 })).events.length).toBe(34 + 5 + 1);
  });

  test("a filter on another organization's client returns nothing", async () => {
    const result = await alice.audit.list({ filter: { clientId: clientB }, limit: 100 });
    expect(result.events).toEqual([]);
  });

  test("flow: another organization's flow is not found, one's own is a timeline", async () => {
    expect(await codeOf(alice.audit.flow({ flowId: "flow-b" }))).toBe("NOT_FOUND");
    expect(await codeOf(alice.audit.flow({ flowId: "no-such-flow" }))).toBe("NOT_FOUND");
    const flow = await bob.audit.flow({ flowId: "flow-b" });
    // The token event has no flow id; it joins through the grant.
    expect(flow.steps.map((step) => step.type)).toEqual([
      "authorize.request",
      "upstream.callback",
      "code.issued",
      "token.issued",
    ]);
    expect((await admin.audit.flow({ flowId: "flow-b" })).steps).toHaveLength(4);
  });

  test("flow explains a redirect_uri mismatch with registered and sent", async () => {
    const flow = await bob.audit.flow({ flowId: "flow-b-bad" });
    const explanation = flow.steps[0]?.explanation;
    expect(explanation?.registered).toEqual(confidentialApp.redirectUris);
    expect(explanation?.sent).toBe("https://evil.example/cb");
  });

  test("export: only one's own events, in CSV and JSON", async () => {
    const csv = await alice.audit.export({ filter: {}, format: "csv" });
    expect(csv.rows).toBe(34);
    expect(csv.body).toContain(clientA);
    expect(csv.body).not.toContain(clientB);
    expect(csv.body.split("\r\n")[0]).toMatch(/^time,seq,type,outcome/);
    const json = await bob.audit.export({ filter: {}, format: "json" });
    const rows = JSON.parse(json.body) as { clientId: string }[];
    expect(rows.length).toBe(5);
    expect(rows.every((row) => row.clientId === clientB)).toBe(true);
  });

  test("overview: counts only one's own events", async () => {
    const mine = await alice.audit.overview();
    expect(mine.loginsPerHour).toHaveLength(24);
    expect(mine.loginsPerHour.reduce((sum, hour) => sum + hour.count, 0)).toBe(7);
    expect(mine.byApplication).toEqual([
      expect.objectContaining({ key: clientA, label: "Praxis App", success: 7, failure: 3 }),
    ]);
    expect(mine.byIdp).toEqual([expect.objectContaining({ key: IDP, success: 7, failure: 3 })]);
    expect(mine.topErrors).toEqual([{ errorCode: "access_denied", count: 3 }]);
    const all = await admin.audit.overview();
    expect(all.loginsPerHour.reduce((sum, hour) => sum + hour.count, 0)).toBe(8);
    expect(all.topErrors.map((error) => error.errorCode).sort()).toEqual([
      "access_denied",
      "invalid_redirect_uri",
      "invalid_request",
    ]);
  });

  test("chain status is for admins only", async () => {
    expect(await codeOf(alice.audit.chainStatus())).toBe("FORBIDDEN");
  });
});

describe("pagination", () => {
  test.each([1, 7, 10, 100])("pages of %i return every row exactly once", async (limit) => {
    const ids = await allPages(admin, limit);
    expect(ids.length).toBe(40);
    expect(new Set(ids).size).toBe(40);
  });

  test("a malformed cursor is a bad request", async () => {
    expect(await codeOf(admin.audit.list({ filter: {}, limit: 10, cursor: "nonsense" }))).toBe(
      "BAD_REQUEST",
    );
  });

  test("page size is capped at 100", async () => {
    expect(await codeOf(admin.audit.list({ filter: {}, limit: 101 }))).toBe("BAD_REQUEST");
  });
});

describe("filters", () => {
  test("type, outcome, flow id, subject, IDP and time range", async () => {
    const list = (filter: Parameters<typeof admin.audit.list>[0]["filter"]) =>
      admin.audit.list({ filter, limit: 100 }).then((page) => page.events);
    expect(await list({ type: "code.issued" })).toHaveLength(8);
    expect(await list({ outcome: "FAILURE", clientId: clientA })).toHaveLength(3);
    expect(await list({ flowId: "flow-a-3" })).toHaveLength(3);
    expect(await list({ subject: "sub-flow-a-2" })).toHaveLength(1);
    expect(await list({ upstreamIdp: IDP })).toHaveLength(27 + 3);
    expect(await list({ to: new Date(SAME_TIME.getTime() - 1) })).toHaveLength(0);
    expect(await list({ from: SAME_TIME, to: SAME_TIME, clientId: clientA })).toHaveLength(34);
  });
});

// Runs last: it appends and changes events, which the counts above do not expect.
describe("chain status", () => {
  const append = (flowId: string) =>
    appendAuditEvents(world.prisma, [{ type: "authorize.request", clientId: clientA, flowId }]);
  const eventOf = (flowId: string) =>
    world.prisma.auditEvent.findFirstOrThrow({ where: { flowId } });

  test("the first check verifies the whole chain, the next ones only what is new", async () => {
    const first = await admin.audit.chainStatus();
    expect(first).toMatchObject({ ok: true, checked: 40, checkedNow: 40, fullyVerifiedAt: null });
    expect(first.brokenAt).toBeUndefined();
    expect(await admin.audit.chainStatus()).toMatchObject({ ok: true, checked: 40, checkedNow: 0 });

    await append("flow-appended");
    const next = await admin.audit.chainStatus();
    expect(next).toMatchObject({ ok: true, checked: 41, checkedNow: 1 });
    expect(next.verifiedAt.getTime()).toBeGreaterThanOrEqual(first.verifiedAt.getTime());
  });

  test("an event changed after the checkpoint is caught by the next check", async () => {
    await append("flow-tampered-new");
    const victim = await eventOf("flow-tampered-new");
    await world.prisma.auditEvent.update({
      where: { id: victim.id },
      data: { subject: "someone-else" },
    });
    const status = await admin.audit.chainStatus();
    expect(status).toMatchObject({ ok: false, checked: 41, checkedNow: 0 });
    expect(status.brokenAt).toEqual({ seq: victim.seq.toString(), id: victim.id, reason: "hash" });
    // The checkpoint stays before the bad event, so the break is reported until repaired.
    expect((await admin.audit.chainStatus()).brokenAt?.id).toBe(victim.id);

    await world.prisma.auditEvent.update({ where: { id: victim.id }, data: { subject: null } });
    expect(await admin.audit.chainStatus()).toMatchObject({ ok: true, checked: 42, checkedNow: 1 });
  });

  test("an event changed before the checkpoint is caught by the full re-verification", async () => {
    const victim = await world.prisma.auditEvent.findFirstOrThrow({
      where: { flowId: "flow-a-5", type: "upstream.callback" },
    });
    await world.prisma.auditEvent.update({
      where: { id: victim.id },
      data: { outcome: "FAILURE" },
    });
    // The incremental check trusts what it verified before.
    expect(await admin.audit.chainStatus()).toMatchObject({ ok: true, checkedNow: 0 });

    const full = await admin.audit.verifyChain();
    expect(full.ok).toBe(false);
    expect(full.brokenAt).toEqual({ seq: victim.seq.toString(), id: victim.id, reason: "hash" });
    expect(full.checked).toBe(full.checkedNow);
    expect(full.fullyVerifiedAt).toEqual(full.verifiedAt);
    // From now on every status check reports the break too.
    const after = await admin.audit.chainStatus();
    expect(after).toMatchObject({ ok: false, checked: full.checked });
    expect(after.brokenAt?.id).toBe(victim.id);

    await world.prisma.auditEvent.update({
      where: { id: victim.id },
      data: { outcome: "SUCCESS" },
    });
    expect(await admin.audit.verifyChain()).toMatchObject({
      ok: true,
      checked: 42,
      checkedNow: 42,
    });
  });

  test("the checkpoint's own event removed, with all after it, is caught by the next check", async () => {
    await append("flow-tail-1");
    await append("flow-tail-2");
    expect(await admin.audit.chainStatus()).toMatchObject({ ok: true, checked: 44 });
    const tail = await eventOf("flow-tail-1");
    // Cutting off the log's tail, checkpoint included: a walk that starts after the
    // checkpoint has nothing left to look at.
    await world.prisma.auditEvent.deleteMany({ where: { seq: { gte: tail.seq } } });
    const status = await admin.audit.chainStatus();
    expect(status.ok).toBe(false);
    expect(status.brokenAt?.reason).toBe("checkpoint");
    expect(await admin.audit.chainStatus()).toMatchObject({ ok: false });
    // What is left still chains; the full re-verification says so and resets the checkpoint.
    expect(await admin.audit.verifyChain()).toMatchObject({ ok: true, checked: 42 });
    expect(await admin.audit.chainStatus()).toMatchObject({ ok: true, checked: 42, checkedNow: 0 });
  });

  test("only admins may re-verify the chain", async () => {
    expect(await codeOf(alice.audit.verifyChain())).toBe("FORBIDDEN");
    expect(await codeOf(bob.audit.verifyChain())).toBe("FORBIDDEN");
  });
});
