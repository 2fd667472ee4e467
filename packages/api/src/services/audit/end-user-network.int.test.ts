/**
 * The end user's IP address and user agent in audit events are for admins only
 * (docs/security.md "Data isolation between organisations"): a developer's list, flow and
 * exports of their own application's events carry neither field, not even empty; an
 * admin's carry both.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { appendAuditEvents } from "../../testing/audit-events.js";
import {
  callerFor,
  confidentialApp,
  createTestWorld,
  createUser,
  type TestWorld,
} from "../../testing/fixtures.js";

let world: TestWorld;
let developer: ReturnType<typeof callerFor>;
let admin: ReturnType<typeof callerFor>;
let clientId: string;
const IP = "203.0.113.7";
const USER_AGENT = "Mozilla/5.0 (Linux; Android 14) Erika's phone";
const FLOW = "flow-with-network";

beforeAll(async () => {
  world = await createTestWorld();
  developer = callerFor(world.prisma, await createUser(world.prisma, "dev@org.example"));
  const adminUser = await world.prisma.user.update({
    where: { id: (await createUser(world.prisma, "admin@lotse.example")).id },
    data: { role: "ADMIN" },
  });
  admin = callerFor(world.prisma, adminUser);
  const organizationId = (await developer.organization.create({ name: "Org", slug: "org" })).id;
  clientId = (await developer.application.create({ organizationId, settings: confidentialApp }))
    .application.clientId;
  await appendAuditEvents(world.prisma, [
    { type: "authorize.request", clientId, flowId: FLOW, clientIp: IP, userAgent: USER_AGENT },
    {
      type: "upstream.callback",
      outcome: "FAILURE",
      errorCode: "access_denied",
      clientId,
      flowId: FLOW,
      clientIp: IP,
      userAgent: USER_AGENT,
    },
  ]);
});
afterAll(() => world?.close());

/** Everything a caller can read about the events: list, flow, CSV and JSON exports. */
async function everything(caller: ReturnType<typeof callerFor>) {
  const list = await caller.audit.list({ filter: {}, limit: 100 });
  const flow = await caller.audit.flow({ flowId: FLOW });
  const csv = await caller.audit.export({ filter: {}, format: "csv" });
  const json = await caller.audit.export({ filter: {}, format: "json" });
  return {
    events: [...list.events, ...flow.steps, ...(JSON.parse(json.body) as object[])],
    exports: [csv.body, json.body],
  };
}

describe("client IP and user agent", () => {
  test("a developer sees their application's events without them", async () => {
    const { events, exports } = await everything(developer);
    expect(events).toHaveLength(6);
    for (const event of events) {
      expect(event).toMatchObject({ clientId });
      expect(event).not.toHaveProperty("clientIp");
      expect(event).not.toHaveProperty("userAgent");
    }
    for (const body of exports) {
      expect(body).not.toContain(IP);
      expect(body).not.toContain("Erika's phone");
    }
    expect(exports[0]!.split("\r\n")[0]).not.toMatch(/clientIp|userAgent/);
  });

  test("an admin sees them", async () => {
    const { events, exports } = await everything(admin);
    expect(events).toHaveLength(6);
    for (const event of events)
      expect(event).toMatchObject({ clientIp: IP, userAgent: USER_AGENT });
    for (const body of exports) expect(body).toContain(IP);
    expect(exports[0]!.split("\r\n")[0]).toMatch(/clientIp,userAgent/);
  });
});
