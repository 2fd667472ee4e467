/**
 * The switchable federation faults (docs/sandbox.md): each breaks exactly one link of one
 * insurer's trust chain, the way a relying party would meet it, and nothing else. The
 * sandbox refuses nothing because of them; the broker must.
 */
import { decodeJwt, errors } from "jose";
import { onTestFinished } from "vitest";
import { describe, expect, test, type World } from "../testing/fixture.js";
import { brokerClientFor, pushAuthorization } from "../testing/relying-party.js";
import { resolveInsurer, text } from "../testing/trust-chain.js";

type Name = "nord" | "sued" | "privat";

function faultUrl(world: World, name?: string) {
  return `${world.sandbox.url}/fedmaster/testing/faults${name ? `/${name}` : ""}`;
}

async function setFault(world: World, name: Name, fault: string) {
  const response = await fetch(faultUrl(world, name), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ fault }),
  });
  expect(response.status).toBe(200);
  // A failed assertion must not leave the fault on for the next test.
  onTestFinished(() => fetch(faultUrl(world, name), { method: "DELETE" }).then(() => undefined));
}

async function clearFault(world: World, name: Name) {
  expect((await fetch(faultUrl(world, name), { method: "DELETE" })).status).toBe(204);
}

const masterOf = (world: World) => `${world.sandbox.url}/fedmaster`;

/** With the fault on, the chain breaks where expected; cleared, it resolves again. */
async function breaksChain(world: World, name: Name, fault: string, expected: unknown) {
  await setFault(world, name, fault);
  expect(await (await fetch(faultUrl(world))).json()).toEqual({ [name]: fault });
  await expect(resolveInsurer(masterOf(world), world.idp(name))).rejects.toThrow(expected as never);
  // The other insurers are untouched.
  for (const other of (["nord", "sued", "privat"] as const).filter((n) => n !== name)) {
    await expect(resolveInsurer(masterOf(world), world.idp(other))).resolves.toBeDefined();
  }
  await clearFault(world, name);
  await expect(resolveInsurer(masterOf(world), world.idp(name))).resolves.toBeDefined();
}

describe("each fault breaks one link of one insurer's chain", () => {
  test("bad-signature: the configuration is not signed by the key the master names", async ({
    world,
  }) => {
    await breaksChain(world, "nord", "bad-signature", errors.JWSSignatureVerificationFailed);
  });

  test("expired: the configuration's exp is in the past", async ({ world }) => {
    await setFault(world, "sued", "expired");
    const claims = decodeJwt(
      await text(`${world.idp("sued")}/.well-known/openid-federation`, /entity-statement/),
    );
    expect(claims.exp!).toBeLessThan(Date.now() / 1000);
    await clearFault(world, "sued");
    await breaksChain(world, "sued", "expired", errors.JWTExpired);
  });

  test("not-member: the master's fetch answers 404 and its list leaves it out", async ({
    world,
  }) => {
    await setFault(world, "privat", "not-member");
    const response = await fetch(
      `${masterOf(world)}/federation/fetch?sub=${encodeURIComponent(world.idp("privat"))}`,
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "not_found" });
    const list = (await (await fetch(`${masterOf(world)}/federation/list`)).json()) as string[];
    expect(list).not.toContain(world.idp("privat"));
    // The IDP list still names it: the chain, not the list, is what a broker must check.
    const idpList = decodeJwt(await text(`${masterOf(world)}/federation/listidps`, /jwt/));
    expect(JSON.stringify(idpList.idp_entity)).toContain(world.idp("privat"));
    await clearFault(world, "privat");
    await breaksChain(world, "privat", "not-member", /answered 404/);
  });

  test("wrong-sub: the master's statement names another entity", async ({ world }) => {
    await setFault(world, "nord", "wrong-sub");
    const statement = decodeJwt(
      await text(
        `${masterOf(world)}/federation/fetch?sub=${encodeURIComponent(world.idp("nord"))}`,
        /entity-statement/,
      ),
    );
    expect(statement.sub).toBe(world.idp("sued"));
    await clearFault(world, "nord");
    await breaksChain(world, "nord", "wrong-sub", errors.JWTClaimValidationFailed);
  });

  test("swapped-jwks: the signed JWKS is another insurer's", async ({ world }) => {
    await setFault(world, "sued", "swapped-jwks");
    const swapped = decodeJwt(await text(`${world.idp("sued")}/federation/jwks.jwt`, /jwk-set/));
    const privats = decodeJwt(await text(`${world.idp("privat")}/federation/jwks.jwt`, /jwk-set/));
    expect(swapped.iss).toBe(world.idp("privat"));
    expect(swapped.keys).toEqual(privats.keys);
    await clearFault(world, "sued");
    await breaksChain(world, "sued", "swapped-jwks", errors.JWKSNoMatchingKey);
  });

  test("bad-jwks-signature: the signed JWKS is signed by a key the configuration lacks", async ({
    world,
  }) => {
    await breaksChain(world, "privat", "bad-jwks-signature", errors.JWSSignatureVerificationFailed);
  });

  test("the sandbox itself refuses nothing: a faulty insurer still takes a PAR", async ({
    world,
  }) => {
    await setFault(world, "nord", "bad-signature");
    const config = await brokerClientFor(world.idp("nord"), world.broker);
    const login = await pushAuthorization(config, world.broker, {});
    expect(login.authorizationUrl.searchParams.get("request_uri")).toMatch(/^urn:/);
    await clearFault(world, "nord");
  });
});

describe("test control", () => {
  test("unknown insurer 404, unknown fault or no JSON 400/415, nothing switched", async ({
    world,
  }) => {
    const put = (name: string, body: string, type = "application/json") =>
      fetch(faultUrl(world, name), { method: "PUT", headers: { "content-type": type }, body });
    expect((await put("west", JSON.stringify({ fault: "expired" }))).status).toBe(404);
    expect((await put("nord", JSON.stringify({ fault: "meltdown" }))).status).toBe(400);
    expect((await put("nord", JSON.stringify({ fault: "expired", extra: 1 }))).status).toBe(400);
    expect((await put("nord", "{not json")).status).toBe(400);
    expect((await put("nord", "fault=expired", "application/x-www-form-urlencoded")).status).toBe(
      415,
    );
    expect((await fetch(faultUrl(world, "west"), { method: "DELETE" })).status).toBe(404);
    expect(await (await fetch(faultUrl(world))).json()).toEqual({});
  });
});
