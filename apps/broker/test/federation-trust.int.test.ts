/**
 * The federation's trust, against the real sandbox (issue 15, docs/federation.md): the
 * broker resolves a trust chain for every sandbox insurer from the pinned trust anchor;
 * each fault the sandbox can simulate takes that insurer out of the chooser and the IDP
 * list, is audited once, and a login naming it issues nothing; the broker's own entity
 * configuration verifies through the master as an insurer checks it, and lists the redirect
 * URIs of applications registered a moment ago, so a native app (App Link only) completes
 * mobile flow A without any sandbox setting.
 */
import { randomBytes } from "node:crypto";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import * as client from "openid-client";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { DEMO_MOBILE, DEMO_WEB } from "@lotse/db/seed";
import { SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS } from "@lotse/domain";
import { createApplication } from "./support/applications.js";
import {
  CookieBrowser,
  authorizationRequest,
  flowAInBrowser,
  followRedirects,
  startFederatedWorld,
  type FederatedWorld,
  type SandboxIdpName,
} from "./support/federated-world.js";
import { oauthError } from "./support/oauth-errors.js";
import { relyingParty } from "./support/relying-party.js";

/** Anna Beispiel, insured at nord only (docs/sandbox.md). */
const ANNA = "X110411675";
const IDPS: SandboxIdpName[] = ["nord", "sued", "privat"];
const anchor = { keys: [...SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS.keys] } as JSONWebKeySet;

let world: FederatedWorld;

beforeAll(async () => {
  // Every request re-verifies, so a fault set by a test is seen by the next request.
  world = await startFederatedWorld({
    federationCache: { maxAgeMs: 0, retryAfterFailureMs: 0 },
  });
});
afterAll(async () => world?.close());

function faultUrl(idp: SandboxIdpName) {
  return `${world.sandboxUrl}/fedmaster/testing/faults/${idp}`;
}

async function setFault(idp: SandboxIdpName, fault: string) {
  const response = await fetch(faultUrl(idp), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ fault }),
  });
  expect(response.status, await response.text()).toBe(200);
}

afterEach(async () => {
  for (const idp of IDPS) await fetch(faultUrl(idp), { method: "DELETE" });
});

async function idpList(clientId: string = DEMO_MOBILE.clientId): Promise<string[]> {
  const response = await fetch(`${world.issuer}/api/v1/idps?relyingPartyId=${clientId}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as Array<{ issuer: string }>).map((idp) => idp.issuer).sort();
}

async function trustFailures(issuer: string) {
  return world.prisma.auditEvent.findMany({
    where: { type: "federation.trust_failed", upstreamIdp: issuer },
    orderBy: { time: "asc" },
  });
}

/** Audit events are appended in batches: wait until `count` are stored. */
async function waitForTrustFailures(issuer: string, count: number) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const events = await trustFailures(issuer);
    if (events.length >= count) return events;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return trustFailures(issuer);
}

describe("trust chains", () => {
  test.each(IDPS)(
    "%s: resolves from the pinned trust anchor to its signed ID-token keys",
    async (name) => {
      const issuer = world.idp(name);
      const chain = await world.broker.federation.trustChain(issuer);
      expect(chain.provider).toMatchObject({
        issuer,
        authorization_endpoint: expect.stringMatching(new RegExp(`^${issuer}/`)),
        signed_jwks_uri: `${issuer}/federation/jwks.jwt`,
      });
      expect(chain.expiresAt).toBeGreaterThan(Date.now());
      // The keys are the insurer's ID-token keys, which the signed JWKS carries, not its entity key.
      const signed = await (await fetch(`${issuer}/federation/jwks.jwt`)).text();
      const entityKid = decodeProtectedHeader(signed).kid;
      expect(chain.idTokenKeys.keys.length).toBeGreaterThan(0);
      expect(chain.idTokenKeys.keys.map((key) => key.kid)).not.toContain(entityKid);
    },
  );

  test("every sandbox insurer is offered, none audited", async () => {
    expect(await idpList()).toEqual(IDPS.map((name) => world.idp(name)).sort());
    for (const name of IDPS) expect(await trustFailures(world.idp(name))).toEqual([]);
  });
});

describe("each simulated fault takes the insurer out, is audited, and a login naming it issues nothing", () => {
  const FAULTS: Array<[string, string, string]> = [
    ["bad-signature", "bad_signature", "entity_configuration"],
    ["expired", "expired", "entity_configuration"],
    ["not-member", "not_member", "subordinate_statement"],
    ["wrong-sub", "wrong_subject", "subordinate_statement"],
    ["swapped-jwks", "bad_signature", "signed_jwks"],
    ["bad-jwks-signature", "bad_signature", "signed_jwks"],
  ];

  test.each(FAULTS)("%s", async (fault, reason, document) => {
    const nord = world.idp("nord");
    const before = (await trustFailures(nord)).length;
    await setFault("nord", fault);

    // Out of the native IDP list (twice: audited once per change, not per request).
    expect(await idpList()).toEqual([world.idp("privat"), world.idp("sued")]);
    expect(await idpList()).not.toContain(nord);
    const events = await waitForTrustFailures(nord, before + 1);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({
      outcome: "FAILURE",
      errorCode: reason,
      details: { issuer: nord, reason, document },
    });

    // Out of the chooser.
    const web = await relyingParty(world, DEMO_WEB.clientId, {
      secret: DEMO_WEB.developmentSecret,
    });
    const browser = new CookieBrowser();
    const { url } = await authorizationRequest(web, { redirectUri: DEMO_WEB.redirectUris[0]! });
    const chooser = await followRedirects(world, browser, {
      url,
      response: await browser.fetch(url.href),
    });
    expect(chooser.response.status).toBe(200);
    const page = await chooser.response.text();
    expect(page).toContain(world.idp("sued"));
    expect(page).not.toContain(nord);

    // A web login naming it: back to the app with an error, no code, nothing sent upstream.
    const named = await authorizationRequest(web, {
      redirectUri: DEMO_WEB.redirectUris[0]!,
      idp: nord,
      kvnr: ANNA,
    });
    const namer = new CookieBrowser();
    const refused = await followRedirects(world, namer, {
      url: named.url,
      response: await namer.fetch(named.url.href),
    });
    expect(refused.location?.searchParams.get("error")).toBe("temporarily_unavailable");
    expect(refused.location?.searchParams.get("code")).toBeNull();
    expect(refused.hops.some((hop) => hop.url.href.startsWith(nord))).toBe(false);

    // Native flow B naming it: a JSON error, no insurer URL.
    const mobile = await relyingParty(world, DEMO_MOBILE.clientId, "none");
    const native = await authorizationRequest(mobile, {
      redirectUri: DEMO_MOBILE.redirectUris[0]!,
      idp: nord,
      kvnr: ANNA,
      extra: { response_format: "json" },
    });
    const answer = await fetch(native.url);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: "temporarily_unavailable" });

    // A backchannel login (CIBA) naming it: refused, no request stored.
    const cibaBefore = await world.prisma.cibaRequest.count();
    const ciba = await oauthError(
      client.initiateBackchannelAuthentication(web, {
        scope: "openid urn:telematik:display_name",
        login_hint: ANNA,
        binding_message: "Code 4711",
        provider: nord,
      }),
    );
    expect(ciba.error).toBe("invalid_request");
    expect(await world.prisma.cibaRequest.count()).toBe(cibaBefore);

    // Nothing went upstream for nord since the fault.
    const since = events.at(-1)!.time;
    expect(
      await world.prisma.auditEvent.count({
        where: {
          upstreamIdp: nord,
          type: "upstream.redirect",
          outcome: "SUCCESS",
          time: { gte: since },
        },
      }),
    ).toBe(0);

    // Cleared: back at once.
    await fetch(faultUrl("nord"), { method: "DELETE" });
    expect(await idpList()).toContain(nord);
  });
});

describe("the broker's entity configuration", () => {
  async function entityConfiguration() {
    const response = await fetch(`${world.issuer}/.well-known/openid-federation`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/entity-statement\+jwt/);
    expect(response.headers.get("cache-control")).toBe("no-cache");
    return response.text();
  }

  /** As an insurer reads it: the master's statement about the broker names the keys that sign it. */
  async function verifiedAsAnInsurer(jwt: string) {
    const master = `${world.sandboxUrl}/fedmaster`;
    const masterConfiguration = await (
      await fetch(`${master}/.well-known/openid-federation`)
    ).text();
    const { payload: masterPayload } = await jwtVerify(
      masterConfiguration,
      createLocalJWKSet(anchor),
      {
        issuer: master,
        subject: master,
      },
    );
    const statement = await (
      await fetch(`${master}/federation/fetch?sub=${encodeURIComponent(world.issuer)}`)
    ).text();
    const { payload: aboutBroker } = await jwtVerify(
      statement,
      createLocalJWKSet(masterPayload.jwks as JSONWebKeySet),
      { issuer: master, subject: world.issuer, typ: "entity-statement+jwt" },
    );
    const { payload, protectedHeader } = await jwtVerify(
      jwt,
      createLocalJWKSet(aboutBroker.jwks as JSONWebKeySet),
      {
        issuer: world.issuer,
        subject: world.issuer,
        typ: "entity-statement+jwt",
        requiredClaims: ["iat", "exp"],
      },
    );
    return { payload, protectedHeader };
  }

  test("self-signed with the entity key, verifiable through the master, with the RP metadata", async () => {
    const { payload, protectedHeader } = await verifiedAsAnInsurer(await entityConfiguration());
    expect(protectedHeader.alg).toBe("ES256");
    expect(payload.authority_hints).toEqual([`${world.sandboxUrl}/fedmaster`]);
    const entityKids = (payload.jwks as JSONWebKeySet).keys.map((key) => key.kid);
    // CURRENT and NEXT, CURRENT signing.
    expect(entityKids).toHaveLength(2);
    expect(entityKids[0]).toBe(protectedHeader.kid);
    const rp = (payload.metadata as Record<string, Record<string, unknown>>).openid_relying_party!;
    expect(rp).toMatchObject({
      client_name: "Lotse",
      organization_name: "Lotse",
      response_types: ["code"],
      grant_types: ["authorization_code", "urn:openid:params:grant-type:ciba"],
      client_registration_types: ["automatic"],
      token_endpoint_auth_method: "private_key_jwt",
      id_token_signed_response_alg: "ES256",
      id_token_encrypted_response_alg: "ECDH-ES",
      id_token_encrypted_response_enc: "A256GCM",
      default_acr_values: ["gematik-ehealth-loa-high"],
    });
    // The client-auth and encryption keys, not the entity key.
    const clientKeys = (rp.jwks as JSONWebKeySet).keys;
    expect(clientKeys.map((key) => key.use).sort()).toEqual(["enc", "sig"]);
    for (const kid of entityKids) expect(clientKeys.map((key) => key.kid)).not.toContain(kid);
    const redirectUris = rp.redirect_uris as string[];
    expect(redirectUris[0]).toBe(`${world.issuer}/oidcf/signin`);
    for (const uri of DEMO_MOBILE.redirectUris) expect(redirectUris).toContain(uri);
    // Never one of the broker's own URLs but its callback.
    expect(redirectUris.filter((uri) => uri.startsWith(world.issuer))).toEqual([
      `${world.issuer}/oidcf/signin`,
    ]);
  });

  test("an application's redirect URIs are in the next answer; a disabled application's are not", async () => {
    const appLink = `https://app-${randomBytes(4).toString("hex")}.example/callback`;
    const { clientId } = await createApplication(world.prisma, {
      type: "PUBLIC",
      redirectUris: [appLink],
    });
    const listed = async () => {
      const { payload } = await verifiedAsAnInsurer(await entityConfiguration());
      const metadata = payload.metadata as Record<string, { redirect_uris: string[] }>;
      return metadata.openid_relying_party!.redirect_uris;
    };
    expect(await listed()).toContain(appLink);
    await world.prisma.application.update({ where: { clientId }, data: { enabled: false } });
    expect(await listed()).not.toContain(appLink);
  });
});

describe("a native application registered a moment ago (App Link only)", () => {
  test("completes mobile flow A against the sandbox with no sandbox setting", async () => {
    // An App Link no fixture knows: the sandbox can only have it from the entity configuration.
    const appLink = `https://app-${randomBytes(4).toString("hex")}.example/app/ce`;
    const { clientId } = await createApplication(world.prisma, {
      type: "PUBLIC",
      redirectUris: [appLink],
    });
    await world.prisma.application.update({ where: { clientId }, data: { platform: "NATIVE" } });
    const config = await relyingParty(world, clientId, "none");
    client.enableNonRepudiationChecks(config);

    const { checks, toChooser, followed } = await flowAInBrowser(world, config, {
      redirectUri: appLink,
      scope: "openid urn:telematik:versicherter urn:telematik:display_name",
      kvnr: ANNA,
    });
    expect(toChooser.response.status).toBe(200);
    // The insurer accepted the App Link as a redirect URI and returned to it.
    const deepLink = followed.location!;
    expect(`${deepLink.origin}${deepLink.pathname}`).toBe(appLink);
    expect(deepLink.searchParams.get("code")).toBeTruthy();

    const exchanged = await fetch(`${world.issuer}/oidcf/exchange/mobile`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientId, redirectUrl: deepLink.href }),
    });
    const body = (await exchanged.json()) as { redirectUrl: string };
    expect(exchanged.status, JSON.stringify(body)).toBe(200);
    const tokens = await client.authorizationCodeGrant(config, new URL(body.redirectUrl), checks);
    expect(tokens.claims()).toMatchObject({
      aud: clientId,
      "urn:telematik:claims:id": ANNA,
      "urn:telematik:claims:display_name": "Anna Beispiel",
    });
  });
});
