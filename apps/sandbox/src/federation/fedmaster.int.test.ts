/**
 * The federation master as the broker reads it: its entity configuration (verified by the
 * pinned trust anchor), the fetch and list endpoints (OpenID Federation 1.0 §8.1, §8.2),
 * and the signed IDP list.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { describe, expect, test, type World } from "../testing/fixture.js";
import { text, TRUST_ANCHOR, verifiedMaster } from "../testing/trust-chain.js";

async function entityStatement(world: World) {
  const response = await fetch(`${world.sandbox.url}/fedmaster/.well-known/openid-federation`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/entity-statement\+jwt/);
  return response.text();
}

test("the entity statement is self-signed with the key it publishes", async ({ world }) => {
  const entityId = `${world.sandbox.url}/fedmaster`;
  const jwt = await entityStatement(world);
  expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: "ES256", typ: "entity-statement+jwt" });
  const unverified = JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString());
  const { payload } = await jwtVerify(jwt, createLocalJWKSet(unverified.jwks as JSONWebKeySet), {
    issuer: entityId,
    subject: entityId,
    typ: "entity-statement+jwt",
    algorithms: ["ES256"],
  });
  expect(payload.exp! - payload.iat!).toBeGreaterThan(0);
  expect(payload.metadata).toMatchObject({
    federation_entity: { idp_list_endpoint: `${entityId}/federation/listidps` },
  });
  expect((payload.jwks as JSONWebKeySet).keys[0]).not.toHaveProperty("d");
});

test("the IDP list is signed by the federation master and lists all three insurers", async ({
  world,
}) => {
  const entityId = `${world.sandbox.url}/fedmaster`;
  const statement = await jwtVerify(
    await entityStatement(world),
    createLocalJWKSet(
      JSON.parse(Buffer.from((await entityStatement(world)).split(".")[1]!, "base64url").toString())
        .jwks,
    ),
  );
  const listEndpoint = (
    statement.payload.metadata as { federation_entity: { idp_list_endpoint: string } }
  ).federation_entity.idp_list_endpoint;
  const response = await fetch(listEndpoint);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/jwt/);
  const { payload, protectedHeader } = await jwtVerify(
    await response.text(),
    createLocalJWKSet(statement.payload.jwks as JSONWebKeySet),
    { issuer: entityId, typ: "idp-list+jwt", algorithms: ["ES256"] },
  );
  expect(protectedHeader.typ).toBe("idp-list+jwt");
  expect(payload.idp_entity).toEqual([
    {
      iss: world.idp("nord"),
      organization_name: "Sandbox Krankenkasse Nord",
      logo_uri: `${world.sandbox.url}/logos/nord.svg`,
      user_type_supported: "IP",
      pkv: false,
    },
    {
      iss: world.idp("sued"),
      organization_name: "Sandbox BKK Süd",
      logo_uri: `${world.sandbox.url}/logos/sued.svg`,
      user_type_supported: "IP",
      pkv: false,
    },
    {
      iss: world.idp("privat"),
      organization_name: "Sandbox Private Krankenversicherung",
      logo_uri: `${world.sandbox.url}/logos/privat.svg`,
      user_type_supported: "IP",
      pkv: true,
    },
  ]);
});

test("every listed issuer answers OpenID discovery and serves its logo", async ({ world }) => {
  for (const name of ["nord", "sued", "privat"] as const) {
    expect((await fetch(`${world.idp(name)}/.well-known/openid-configuration`)).status).toBe(200);
    expect((await fetch(`${world.sandbox.url}/logos/${name}.svg`)).status).toBe(200);
  }
});

describe("entity configuration", () => {
  test("is signed by the published trust-anchor key and names fetch, list and IDP list", async ({
    world,
  }) => {
    const masterId = `${world.sandbox.url}/fedmaster`;
    const master = await verifiedMaster(masterId);
    expect(master.jwks).toEqual(TRUST_ANCHOR);
    expect(master.exp! - master.iat!).toBe(24 * 60 * 60);
    expect(master.authority_hints).toBeUndefined();
    expect(master.metadata).toEqual({
      federation_entity: {
        name: "Lotse Sandbox Federation Master",
        homepage_uri: masterId,
        federation_fetch_endpoint: `${masterId}/federation/fetch`,
        federation_list_endpoint: `${masterId}/federation/list`,
        idp_list_endpoint: `${masterId}/federation/listidps`,
      },
    });
  });
});

describe("fetch (OpenID Federation 1.0 §8.1)", () => {
  const fetchUrl = (world: World, params: Record<string, string>) =>
    `${world.sandbox.url}/fedmaster/federation/fetch?${new URLSearchParams(params)}`;

  test("a statement about each insurer with its entity key, not its ID-token key", async ({
    world,
  }) => {
    const masterId = `${world.sandbox.url}/fedmaster`;
    for (const name of ["nord", "sued", "privat"] as const) {
      const issuer = world.idp(name);
      const jwt = await text(
        fetchUrl(world, { sub: issuer, iss: masterId }),
        /^application\/entity-statement\+jwt/,
      );
      expect(decodeProtectedHeader(jwt)).toMatchObject({
        alg: "ES256",
        typ: "entity-statement+jwt",
      });
      const { payload } = await jwtVerify(jwt, createLocalJWKSet(TRUST_ANCHOR), {
        issuer: masterId,
        subject: issuer,
        typ: "entity-statement+jwt",
        requiredClaims: ["iat", "exp"],
      });
      expect(payload.authority_hints).toBeUndefined();
      const [entityKey] = (payload.jwks as JSONWebKeySet).keys;
      expect(entityKey).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256" });
      expect(entityKey).not.toHaveProperty("d");
      const idTokenKeys = (await (await fetch(`${issuer}/jwks`)).json()) as JSONWebKeySet;
      expect(idTokenKeys.keys.map((k) => k.kid)).not.toContain(entityKey!.kid);
    }
  });

  test("a statement about the broker with the keys of its own entity configuration", async ({
    world,
  }) => {
    const masterId = `${world.sandbox.url}/fedmaster`;
    const jwt = await text(
      fetchUrl(world, { sub: world.broker.url }),
      /^application\/entity-statement\+jwt/,
    );
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(TRUST_ANCHOR), {
      issuer: masterId,
      subject: world.broker.url,
      typ: "entity-statement+jwt",
    });
    const brokerConfiguration = await text(
      `${world.broker.url}/.well-known/openid-federation`,
      /^application\/entity-statement\+jwt/,
    );
    const announced = JSON.parse(
      Buffer.from(brokerConfiguration.split(".")[1]!, "base64url").toString(),
    ) as { jwks: JSONWebKeySet };
    expect(payload.jwks).toEqual(announced.jwks);
  });

  test("refusals are JSON errors of §8.9: unknown sub 404, other iss or no sub 400", async ({
    world,
  }) => {
    const cases: [Record<string, string>, number, string][] = [
      [{ sub: "https://stranger.example" }, 404, "not_found"],
      [{ sub: `${world.sandbox.url}/fedmaster` }, 404, "not_found"],
      [{ sub: world.idp("nord"), iss: "https://other-master.example" }, 400, "invalid_issuer"],
      [{}, 400, "invalid_request"],
    ];
    for (const [params, status, error] of cases) {
      const response = await fetch(fetchUrl(world, params));
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await response.json()).toMatchObject({ error, error_description: expect.any(String) });
    }
  });
});

describe("list (OpenID Federation 1.0 §8.2)", () => {
  test("the three insurers and the broker, filterable by entity type", async ({ world }) => {
    const list = async (query = "") => {
      const response = await fetch(`${world.sandbox.url}/fedmaster/federation/list${query}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      return response.json();
    };
    const insurers = [world.idp("nord"), world.idp("sued"), world.idp("privat")];
    expect(await list()).toEqual([...insurers, world.broker.url]);
    expect(await list("?entity_type=openid_provider")).toEqual(insurers);
    expect(await list("?entity_type=openid_relying_party")).toEqual([world.broker.url]);
    expect(await list("?entity_type=federation_entity")).toEqual([]);
    const unsupported = await fetch(
      `${world.sandbox.url}/fedmaster/federation/list?intermediate=true`,
    );
    expect(unsupported.status).toBe(400);
    expect(await unsupported.json()).toMatchObject({ error: "unsupported_parameter" });
  });
});
