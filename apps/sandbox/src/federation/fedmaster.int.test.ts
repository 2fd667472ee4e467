/** The federation master as the broker reads it: entity statement, then the signed IDP list. */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { expect, test, type World } from "../testing/fixture.js";

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
