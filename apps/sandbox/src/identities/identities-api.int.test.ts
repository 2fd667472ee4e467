/** GET /api/identities: the contract tests and UIs rely on. */
import { z } from "zod";
import { expect, test } from "../testing/fixture.js";

const identities = z.array(
  z.strictObject({
    kvnr: z.string().regex(/^[A-Z][0-9]{9}$/),
    displayName: z.string().min(1),
    idp: z.url(),
  }),
);

test("lists at least six persons, one of them at two insurers with the same KVNR", async ({
  world,
}) => {
  const response = await fetch(`${world.sandbox.url}/api/identities`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const list = identities.parse(await response.json());
  expect(new Set(list.map((i) => i.kvnr)).size).toBeGreaterThanOrEqual(6);
  expect(new Set(list.map((i) => i.idp))).toEqual(
    new Set([world.idp("nord"), world.idp("sued"), world.idp("privat")]),
  );
  const paul = list.filter((i) => i.kvnr === "X110416447");
  expect(paul.map((i) => i.idp).sort()).toEqual([world.idp("nord"), world.idp("privat")].sort());
});
