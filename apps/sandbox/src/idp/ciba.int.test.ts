/**
 * CIBA at the sandbox insurers (CIBA Core 1.0, poll mode), driven as the broker drives it:
 * openid-client 6 with private_key_jwt starts a request, the person answers on the
 * sandbox's phone (authenticator/ciba-phone-routes.ts), the broker's token requests with
 * the CIBA grant get pending, denied or tokens with the same ID token as a browser login.
 */
import * as client from "openid-client";
import {
  compactDecrypt,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
} from "jose";
import { TELEMATIK_SCOPES } from "@lotse/domain";
import { describe, expect, test, type World } from "../testing/fixture.js";
import { brokerClientFor } from "../testing/relying-party.js";

const CIBA_GRANT = "urn:openid:params:grant-type:ciba";
const ALL_SCOPES = ["openid", ...TELEMATIK_SCOPES].join(" ");
const ANNA = "X110411675"; // nord, user code 1675
const PAUL = "X110416447"; // nord and privat

let messages = 0;
/** A binding message unique per test, so each finds its own entry on a shared phone. */
const uniqueBindingMessage = () => `Code ${(messages += 1)}-${Date.now() % 100_000}`;

async function initiate(
  world: World,
  idp: "nord" | "sued" | "privat",
  params: Record<string, string>,
) {
  const config = await brokerClientFor(world.idp(idp), world.broker);
  const response = await client.initiateBackchannelAuthentication(config, {
    scope: "openid urn:telematik:display_name",
    requesting_application: "Demo Praxis",
    ...params,
  });
  return { config, response };
}

/** One token request with the CIBA grant, as the broker makes it when its client polls. */
function tokenRequest(config: client.Configuration, authReqId: string) {
  return client.genericGrantRequest(config, CIBA_GRANT, { auth_req_id: authReqId });
}

async function phonePage(world: World, kvnr: string): Promise<string> {
  const response = await fetch(`${world.sandbox.url}/authenticator/ciba?kvnr=${kvnr}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The phone's id of the pending request with this binding message (escaped as on the page). */
async function phoneRequestId(world: World, kvnr: string, bindingMessage: string) {
  const html = await phonePage(world, kvnr);
  const escaped = bindingMessage.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const match = new RegExp(
    `data-request-id="([^"]+)"\\s+data-binding-message="${escaped.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"`,
  ).exec(html);
  if (!match) throw new Error(`no pending request "${bindingMessage}" on ${kvnr}'s phone`);
  return match[1]!;
}

function answer(
  world: World,
  id: string,
  action: "approve" | "deny",
  headers: Record<string, string> = { origin: world.sandbox.url },
) {
  return fetch(`${world.sandbox.url}/authenticator/ciba/${id}/${action}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: "",
    redirect: "manual",
  });
}

describe("discovery and registration", () => {
  test("each IDP offers CIBA in poll mode with user codes", async ({ world }) => {
    const issuer = world.idp("sued");
    const metadata = (await (
      await fetch(`${issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      backchannel_authentication_endpoint: `${issuer}/backchannel`,
      backchannel_token_delivery_modes_supported: ["poll"],
      backchannel_user_code_parameter_supported: true,
    });
    expect(metadata.grant_types_supported).toContain(CIBA_GRANT);
  });
});

describe("approve on the phone", () => {
  test("pending until approved, then tokens with a decryptable, verifiable ID token", async ({
    world,
  }) => {
    const bindingMessage = uniqueBindingMessage();
    const { config, response } = await initiate(world, "nord", {
      scope: ALL_SCOPES,
      login_hint: ANNA,
      binding_message: bindingMessage,
      user_code: "1675",
    });
    expect(response.auth_req_id).toBeTruthy();
    expect(response.expires_in).toBeGreaterThan(500);

    await expect(tokenRequest(config, response.auth_req_id)).rejects.toMatchObject({
      error: "authorization_pending",
    });

    const html = await phonePage(world, ANNA);
    expect(html).toContain('data-testid="ciba-request"');
    expect(html).toContain(`data-binding-message="${bindingMessage}"`);
    expect(html).toContain('<strong data-testid="ciba-application">Demo Praxis</strong>');
    expect(html).toContain("Sandbox Krankenkasse Nord");
    // The phone never shows the broker's auth_req_id.
    expect(html).not.toContain(response.auth_req_id);

    const id = await phoneRequestId(world, ANNA, bindingMessage);
    const answered = await answer(world, id, "approve");
    expect(answered.status).toBe(303);
    const location = answered.headers.get("location")!;
    expect(location).toBe(`/authenticator/ciba?kvnr=${ANNA}&answered=approved`);
    const after = await (await fetch(new URL(location, world.sandbox.url))).text();
    expect(after).toContain('data-testid="ciba-answered"');
    expect(after).not.toContain(`data-binding-message="${bindingMessage}"`);

    const tokens = await tokenRequest(config, response.auth_req_id);
    expect(tokens.access_token).toBeTruthy();
    // A JWE for the broker's enc key, wrapping an ES256 JWS, as after a browser login.
    expect(tokens.id_token!.split(".")).toHaveLength(5);
    expect(decodeProtectedHeader(tokens.id_token!)).toMatchObject({
      alg: "ECDH-ES",
      enc: "A256GCM",
      cty: "JWT",
      kid: "broker-enc",
    });
    const issuer = world.idp("nord");
    const { plaintext } = await compactDecrypt(tokens.id_token!, world.broker.encryptionKey);
    const { payload, protectedHeader } = await jwtVerify(
      new TextDecoder().decode(plaintext),
      createRemoteJWKSet(new URL(`${issuer}/jwks`)),
      { issuer, audience: world.broker.url, algorithms: ["ES256"] },
    );
    expect(protectedHeader.alg).toBe("ES256");
    expect(payload).toMatchObject({
      acr: "gematik-ehealth-loa-high",
      amr: ["urn:telematik:auth:other"],
      "urn:telematik:claims:id": ANNA,
      "urn:telematik:claims:organization_ir_id": "109990001",
      "urn:telematik:claims:profession": "1.2.276.0.76.4.49",
      "urn:telematik:claims:email": "anna.beispiel@example.org",
      "urn:telematik:claims:display_name": "Anna Beispiel",
      "urn:telematik:claims:given_name": "Anna",
      "urn:telematik:claims:geburtsdatum": "1985-04-12",
      "urn:telematik:claims:geschlecht": "W",
    });
    expect(payload["urn:telematik:claims:alter"]).toMatch(/^\d+$/);
    expect(typeof payload.auth_time).toBe("number");
    expect(payload.sub).not.toContain(ANNA);
    expect(tokens.claims()).toMatchObject({ sub: payload.sub, iss: issuer });

    // The auth_req_id is spent (CIBA Core §11: single use).
    await expect(tokenRequest(config, response.auth_req_id)).rejects.toMatchObject({
      error: "invalid_grant",
    });
  });

  test("only the requested scopes' claims are released", async ({ world }) => {
    const bindingMessage = uniqueBindingMessage();
    const { config, response } = await initiate(world, "privat", {
      scope: "openid urn:telematik:display_name",
      login_hint: PAUL,
      binding_message: bindingMessage,
    });
    await answer(world, await phoneRequestId(world, PAUL, bindingMessage), "approve");
    const tokens = await tokenRequest(config, response.auth_req_id);
    const claims = tokens.claims()!;
    expect(claims["urn:telematik:claims:display_name"]).toBe("Paul Wechsler");
    expect(claims).not.toHaveProperty("urn:telematik:claims:id");
    expect(claims).not.toHaveProperty("urn:telematik:claims:email");
  });
});

describe("acr_values (gemSpec_IDP_Sek, A_23129)", () => {
  test("the ID token asserts the first requested supported value", async ({ world }) => {
    const bindingMessage = uniqueBindingMessage();
    const { config, response } = await initiate(world, "nord", {
      login_hint: ANNA,
      binding_message: bindingMessage,
      acr_values: "gematik-ehealth-loa-substantial gematik-ehealth-loa-high",
    });
    await answer(world, await phoneRequestId(world, ANNA, bindingMessage), "approve");
    const tokens = await tokenRequest(config, response.auth_req_id);
    const { plaintext } = await compactDecrypt(tokens.id_token!, world.broker.encryptionKey);
    expect(decodeJwt(new TextDecoder().decode(plaintext)).acr).toBe(
      "gematik-ehealth-loa-substantial",
    );
  });
});

describe("deny and expiry", () => {
  test("deny: the polling client gets access_denied", async ({ world }) => {
    const bindingMessage = uniqueBindingMessage();
    const { config, response } = await initiate(world, "nord", {
      login_hint: ANNA,
      binding_message: bindingMessage,
    });
    // openid-client's own polling loop (waits `interval`, 5 s by default, between requests).
    const polling = client.pollBackchannelAuthenticationGrant(config, response);
    const denied = await answer(world, await phoneRequestId(world, ANNA, bindingMessage), "deny");
    expect(denied.headers.get("location")).toBe(`/authenticator/ciba?kvnr=${ANNA}&answered=denied`);
    await expect(polling).rejects.toMatchObject({ error: "access_denied" });
  });

  test("an answered request cannot be answered again", async ({ world }) => {
    const bindingMessage = uniqueBindingMessage();
    await initiate(world, "nord", { login_hint: ANNA, binding_message: bindingMessage });
    const id = await phoneRequestId(world, ANNA, bindingMessage);
    expect((await answer(world, id, "deny")).status).toBe(303);
    const again = await answer(world, id, "approve");
    expect(again.status).toBe(404);
    expect(await again.text()).toContain("no longer pending");
  });

  test("requested_expiry: the request expires at the insurer and leaves the phone", async ({
    world,
  }) => {
    const bindingMessage = uniqueBindingMessage();
    const { config, response } = await initiate(world, "nord", {
      login_hint: ANNA,
      binding_message: bindingMessage,
      requested_expiry: "1",
    });
    expect(response.expires_in).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expect(tokenRequest(config, response.auth_req_id)).rejects.toMatchObject({
      error: "expired_token",
    });
    expect(await phonePage(world, ANNA)).not.toContain(`data-binding-message="${bindingMessage}"`);
  });
});

describe("refused requests (CIBA Core §13)", () => {
  test("a KVNR not insured at this insurer: unknown_user_id", async ({ world }) => {
    // Mira Probst is insured at sued, not nord.
    await expect(initiate(world, "nord", { login_hint: "X110413109" })).rejects.toMatchObject({
      error: "unknown_user_id",
    });
    await expect(initiate(world, "nord", { login_hint: "X999999999" })).rejects.toMatchObject({
      error: "unknown_user_id",
    });
  });

  test("a binding message that is too long or not printable: invalid_binding_message", async ({
    world,
  }) => {
    for (const bindingMessage of ["x".repeat(65), "line\nbreak", "   "]) {
      await expect(
        initiate(world, "nord", { login_hint: ANNA, binding_message: bindingMessage }),
      ).rejects.toMatchObject({ error: "invalid_binding_message" });
    }
  });

  test("a wrong user code: invalid_user_code", async ({ world }) => {
    await expect(
      initiate(world, "nord", { login_hint: ANNA, user_code: "0000" }),
    ).rejects.toMatchObject({ error: "invalid_user_code" });
  });

  test("login_hint_token and id_token_hint are not supported: invalid_request", async ({
    world,
  }) => {
    await expect(
      initiate(world, "nord", { login_hint_token: "eyJhbGciOiJub25lIn0.e30." }),
    ).rejects.toMatchObject({ error: "invalid_request" });
    await expect(
      initiate(world, "nord", { id_token_hint: "eyJhbGciOiJub25lIn0.e30." }),
    ).rejects.toMatchObject({ error: "invalid_request" });
  });
});

describe("the phone", () => {
  test("the event stream delivers a new request to a connected listener", async ({ world }) => {
    const abort = new AbortController();
    const response = await fetch(`${world.sandbox.url}/authenticator/ciba/events?kvnr=${PAUL}`, {
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = "";
    const readUntil = async (needle: string) => {
      while (!received.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before "${needle}"`);
        received += value;
      }
    };
    // The current state arrives first.
    await readUntil("event: requests\n");

    const bindingMessage = uniqueBindingMessage();
    await initiate(world, "privat", {
      login_hint: PAUL,
      binding_message: bindingMessage,
      requesting_application: "<script>alert(1)</script> Praxis",
    });
    await readUntil(`data-binding-message="${bindingMessage}"`);
    expect(received).toContain("Sandbox Private Krankenversicherung");
    expect(received).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Praxis");
    expect(received).not.toContain("<script>");
    abort.abort();

    // Answered requests leave the list.
    await answer(world, await phoneRequestId(world, PAUL, bindingMessage), "deny");
  });

  test("the page escapes what the broker sent and has a nonce CSP", async ({ world }) => {
    const bindingMessage = `<b>${uniqueBindingMessage()}</b>`;
    await initiate(world, "nord", {
      login_hint: ANNA,
      binding_message: bindingMessage,
      requesting_application: 'Praxis "Sonne" & Co',
    });
    const response = await fetch(`${world.sandbox.url}/authenticator/ciba?kvnr=${ANNA}`);
    const html = await response.text();
    expect(html).toContain(`&lt;b&gt;${bindingMessage.slice(3, -4)}&lt;/b&gt;`);
    expect(html).toContain("Praxis &quot;Sonne&quot; &amp; Co");
    const csp = response.headers.get("content-security-policy")!;
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).toContain(`<script nonce="${nonce}">`);
    await answer(world, await phoneRequestId(world, ANNA, bindingMessage), "deny");
  });

  test("answers only from its own pages (CSRF)", async ({ world }) => {
    const bindingMessage = uniqueBindingMessage();
    await initiate(world, "nord", { login_hint: ANNA, binding_message: bindingMessage });
    const id = await phoneRequestId(world, ANNA, bindingMessage);
    expect((await answer(world, id, "approve", {})).status).toBe(403);
    expect((await answer(world, id, "approve", { origin: "https://evil.example" })).status).toBe(
      403,
    );
    expect((await answer(world, id, "approve", { "sec-fetch-site": "cross-site" })).status).toBe(
      403,
    );
    // Still pending after the refused attempts.
    expect(await phoneRequestId(world, ANNA, bindingMessage)).toBe(id);
    expect((await answer(world, id, "deny", { "sec-fetch-site": "same-origin" })).status).toBe(303);
  });

  test("the picker lists every test person; an unknown KVNR is a 404", async ({ world }) => {
    const html = await (await fetch(`${world.sandbox.url}/authenticator/ciba`)).text();
    for (const kvnr of [ANNA, PAUL, "X110413109"]) {
      expect(html).toContain(`data-testid="ciba-person-${kvnr}"`);
    }
    const unknown = await fetch(`${world.sandbox.url}/authenticator/ciba?kvnr=X999999999`);
    expect(unknown.status).toBe(404);
    const events = await fetch(`${world.sandbox.url}/authenticator/ciba/events?kvnr=nobody`);
    expect(events.status).toBe(404);
  });

  test("a person without pending requests sees the empty note", async ({ world }) => {
    // Helene Vorsorge (privat) gets no request in this file.
    expect(await phonePage(world, "X110417526")).toContain('data-testid="ciba-empty"');
  });
});
