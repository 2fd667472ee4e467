/**
 * SMART App Launch 2.2 at the broker, as a relying party library sees it (openid-client
 * v6), federating with the real sandbox (docs/flows/smart.md): the smart-configuration,
 * an EHR launch whose context reaches the token response, the JWT access token and the ID
 * token, a refresh that keeps it, and every refusal: `aud` of another server, unknown or
 * foreign launches, malformed scopes, and the errors the portal's launcher simulates.
 * The standalone launches and the FHIR reads run through fhirclient in smart-fhirclient.int.test.ts.
 */
import { randomBytes } from "node:crypto";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_SMART, DEMO_WEB, sandboxFhirBaseUrl } from "@lotse/db/seed";
import { launchHash } from "../src/smart/launches.js";
import {
  CookieBrowser,
  authorizationRequest,
  federatedAuthorize,
  federatedLogin,
  startFederatedWorld,
  type FederatedWorld,
} from "./support/federated-world.js";
import { oauthError } from "./support/oauth-errors.js";
import { relyingParty } from "./support/relying-party.js";

/** Anna Beispiel, insured at nord (docs/sandbox.md). */
const ANNA = "X110411675";
const redirectUri = DEMO_SMART.redirectUris[0];
const SCOPE = "openid fhirUser launch patient/*.rs offline_access";

let world: FederatedWorld;
let smart: client.Configuration;
let fhirBase: string;

beforeAll(async () => {
  world = await startFederatedWorld();
  smart = await relyingParty(world, DEMO_SMART.clientId, "none");
  fhirBase = sandboxFhirBaseUrl(world.sandboxUrl);
});
afterAll(async () => world?.close());

/** A launch as the portal's launcher makes it; returns the `launch` value. */
async function createLaunch(
  fields: Partial<{
    launchType: string;
    patientId: string | null;
    encounterId: string | null;
    practitionerId: string | null;
    needPatientBanner: boolean;
    simulatedError: string | null;
    fhirBaseUrl: string;
    clientId: string;
    expiresAt: Date;
  }> = {},
): Promise<string> {
  const value = randomBytes(32).toString("base64url");
  const application = await world.prisma.application.findUniqueOrThrow({
    where: { clientId: fields.clientId ?? DEMO_SMART.clientId },
  });
  await world.prisma.smartLaunch.create({
    data: {
      launchHash: launchHash(value),
      applicationId: application.id,
      fhirBaseUrl: fields.fhirBaseUrl ?? fhirBase,
      launchType: fields.launchType ?? "EHR_PROVIDER",
      patientId: fields.patientId === undefined ? "pat-anna" : fields.patientId,
      encounterId: fields.encounterId === undefined ? "enc-anna-1" : fields.encounterId,
      practitionerId: fields.practitionerId === undefined ? "prac-1" : fields.practitionerId,
      needPatientBanner: fields.needPatientBanner ?? false,
      simulatedError: fields.simulatedError ?? null,
      expiresAt: fields.expiresAt ?? new Date(Date.now() + 3600_000),
    },
  });
  return value;
}

function ehr(launch: string, scope = SCOPE, aud = fhirBase) {
  return {
    redirectUri,
    scope,
    idp: world.idp("nord"),
    kvnr: ANNA,
    extra: { aud, launch },
  };
}

/** The first answer to an authorization request, without following it. */
async function authorizeOnly(options: ReturnType<typeof ehr>) {
  const { url } = await authorizationRequest(smart, options);
  const response = await new CookieBrowser().fetch(url.href);
  return { response, url };
}

describe("smart-configuration", () => {
  test("names the broker's endpoints and only capabilities it has", async () => {
    const response = await fetch(`${world.issuer}/fhir/.well-known/smart-configuration`);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const document = (await response.json()) as Record<string, unknown>;
    expect(document).toMatchObject({
      issuer: world.issuer,
      authorization_endpoint: `${world.issuer}/connect/auth`,
      token_endpoint: `${world.issuer}/connect/token`,
      jwks_uri: `${world.issuer}/.well-known/jwks`,
      code_challenge_methods_supported: ["S256"],
      grant_types_supported: ["authorization_code", "refresh_token"],
    });
    expect(document.capabilities).toEqual(
      expect.arrayContaining([
        "launch-ehr",
        "launch-standalone",
        "client-public",
        "context-ehr-patient",
        "context-standalone-patient",
        "permission-v1",
        "permission-v2",
        "sso-openid-connect",
      ]),
    );
    expect(document.code_challenge_methods_supported).not.toContain("plain");
  });
});

describe("EHR launch", () => {
  test("puts the launch context into the token response, the access token and the ID token", async () => {
    const launch = await createLaunch({ needPatientBanner: false });
    const { tokens } = await federatedLogin(world, smart, ehr(launch));
    expect(tokens).toMatchObject({
      patient: "pat-anna",
      encounter: "enc-anna-1",
      fhirContext: [{ reference: "Encounter/enc-anna-1" }],
      need_patient_banner: false,
      smart_style_url: `${world.issuer}/fhir/smart-style.json`,
      token_type: expect.stringMatching(/^bearer$/i),
    });
    expect(tokens.scope?.split(" ")).toEqual(
      expect.arrayContaining(["openid", "fhirUser", "launch", "patient/*.rs", "offline_access"]),
    );

    // A JWT for the FHIR server only (RFC 9068), with the compartment it may read.
    const jwks = createRemoteJWKSet(new URL(`${world.issuer}/.well-known/jwks`));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
      issuer: world.issuer,
      audience: fhirBase,
      typ: "at+jwt",
    });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({ patient: "pat-anna", client_id: DEMO_SMART.clientId });
    expect(String(payload.scope).split(" ")).toContain("patient/*.rs");
    expect(payload).not.toHaveProperty("lotse_simulated_error");

    expect(tokens.claims()).toMatchObject({ fhirUser: `${fhirBase}/Practitioner/prac-1` });
  });

  test("a patient's EHR launch names the patient as the user", async () => {
    const launch = await createLaunch({ launchType: "EHR_PATIENT", practitionerId: null });
    const { tokens } = await federatedLogin(world, smart, ehr(launch));
    expect(tokens.claims()).toMatchObject({ fhirUser: `${fhirBase}/Patient/pat-anna` });
    expect(tokens.need_patient_banner).toBe(false);
  });

  test("gives only the context the scopes ask for", async () => {
    const launch = await createLaunch();
    const { tokens } = await federatedLogin(
      world,
      smart,
      ehr(launch, "openid launch/patient patient/Observation.rs"),
    );
    expect(tokens.patient).toBe("pat-anna");
    expect(tokens).not.toHaveProperty("encounter");
    expect(tokens.claims()).not.toHaveProperty("fhirUser");
    expect(tokens.scope?.split(" ")).toContain("patient/Observation.rs");
  });

  test("a refresh keeps the launch context", async () => {
    const launch = await createLaunch();
    const { tokens } = await federatedLogin(world, smart, ehr(launch));
    const refreshed = await client.refreshTokenGrant(smart, tokens.refresh_token!);
    expect(refreshed).toMatchObject({ patient: "pat-anna", encounter: "enc-anna-1" });
    expect(decodeJwt(refreshed.access_token)).toMatchObject({ aud: fhirBase, patient: "pat-anna" });
  });

  test("grants a narrower or granular scope, leaves out an unregistered one", async () => {
    const launch = await createLaunch();
    const granular =
      "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
    const { tokens } = await federatedLogin(
      world,
      smart,
      ehr(launch, `openid launch ${granular} system/*.rs patient/Condition.read`),
    );
    const granted = tokens.scope!.split(" ");
    expect(granted).toEqual(expect.arrayContaining([granular, "patient/Condition.read"]));
    expect(granted).not.toContain("system/*.rs");
  });

  test("answers Cache-Control: no-store on the token response", async () => {
    const launch = await createLaunch();
    const { callback, checks } = await federatedAuthorize(world, smart, ehr(launch));
    const body = new URLSearchParams({
      grant_type: "authorization_code",
      code: callback.searchParams.get("code")!,
      redirect_uri: redirectUri,
      client_id: DEMO_SMART.clientId,
      code_verifier: checks.pkceCodeVerifier,
    });
    const response = await fetch(`${world.issuer}/connect/token`, { method: "POST", body });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ patient: "pat-anna" });
  });
});

describe("refusals: nothing is issued", () => {
  async function expectErrorPage(options: ReturnType<typeof ehr>, error: string): Promise<void> {
    const { response } = await authorizeOnly(options);
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(await response.text()).toContain(error);
  }

  test("an aud of another FHIR server is an error page, not a redirect", async () => {
    const launch = await createLaunch();
    await expectErrorPage(ehr(launch, SCOPE, "https://evil.example/fhir"), "invalid_request");
  });

  test("a SMART request without aud is refused", async () => {
    const { url } = await authorizationRequest(smart, {
      redirectUri,
      scope: "openid launch/patient patient/*.rs",
    });
    const response = await new CookieBrowser().fetch(url.href);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("aud");
  });

  test("an unknown, expired or foreign launch is an error page", async () => {
    await expectErrorPage(ehr("no-such-launch"), "invalid_request");
    const expired = await createLaunch({ expiresAt: new Date(Date.now() - 1000) });
    await expectErrorPage(ehr(expired), "invalid_request");
    const elsewhere = await createLaunch({ fhirBaseUrl: "https://other.example/fhir" });
    await expectErrorPage(ehr(elsewhere), "invalid_request");
  });

  test("a launch made for another application is refused", async () => {
    await world.prisma.application.update({
      where: { clientId: DEMO_WEB.clientId },
      data: { smartEnabled: true, smartFhirBaseUrl: fhirBase, smartScopes: ["launch"] },
    });
    try {
      const foreign = await createLaunch({ clientId: DEMO_WEB.clientId });
      await expectErrorPage(ehr(foreign), "invalid_request");
    } finally {
      await world.prisma.application.update({
        where: { clientId: DEMO_WEB.clientId },
        data: { smartEnabled: false, smartFhirBaseUrl: null, smartScopes: [] },
      });
    }
  });

  test("a malformed SMART scope returns invalid_scope to the app", async () => {
    const launch = await createLaunch();
    const { response } = await authorizeOnly(ehr(launch, "openid launch patient/Observation.sr"));
    const location = new URL(response.headers.get("location")!);
    expect(location.origin + location.pathname).toBe(redirectUri);
    expect(location.searchParams.get("error")).toBe("invalid_scope");
    expect(location.searchParams.has("code")).toBe(false);
  });

  test("a client without SMART gets no FHIR token for an aud", async () => {
    const web = await relyingParty(world, DEMO_WEB.clientId, {
      secret: DEMO_WEB.developmentSecret,
    });
    const { tokens } = await federatedLogin(world, web, {
      redirectUri: DEMO_WEB.redirectUris[0],
      idp: world.idp("nord"),
      kvnr: ANNA,
      extra: { aud: fhirBase },
    });
    // Opaque, for userinfo: not a JWT for the FHIR server.
    expect(tokens.access_token.split(".")).toHaveLength(1);
    expect(tokens).not.toHaveProperty("patient");
  });
});

describe("the launcher's simulated errors", () => {
  test("auth_invalid_client_id and auth_invalid_redirect_uri stop at an error page", async () => {
    for (const [simulatedError, error] of [
      ["auth_invalid_client_id", "invalid_client"],
      ["auth_invalid_redirect_uri", "invalid_request"],
    ] as const) {
      const launch = await createLaunch({ simulatedError });
      const { response } = await authorizeOnly(ehr(launch));
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).toContain(error);
    }
  });

  test("auth_invalid_scope sends invalid_scope back to the app with its state", async () => {
    const launch = await createLaunch({ simulatedError: "auth_invalid_scope" });
    const { url } = await authorizationRequest(smart, ehr(launch));
    const response = await new CookieBrowser().fetch(url.href);
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("invalid_scope");
    expect(location.searchParams.get("state")).toBe(url.searchParams.get("state"));
  });

  test("auth_invalid_client_secret and token_invalid_token fail the code redemption", async () => {
    for (const [simulatedError, error, status] of [
      ["auth_invalid_client_secret", "invalid_client", 401],
      ["token_invalid_token", "invalid_grant", 400],
    ] as const) {
      const launch = await createLaunch({ simulatedError });
      const { callback, checks } = await federatedAuthorize(world, smart, ehr(launch));
      const failed = await oauthError(client.authorizationCodeGrant(smart, callback, checks));
      expect(failed).toMatchObject({ error, status });
    }
  });

  test("token_expired_refresh_token fails the refresh, not the code", async () => {
    const launch = await createLaunch({ simulatedError: "token_expired_refresh_token" });
    const { tokens } = await federatedLogin(world, smart, ehr(launch));
    const failed = await oauthError(client.refreshTokenGrant(smart, tokens.refresh_token!));
    expect(failed).toMatchObject({ error: "invalid_grant", status: 400 });
  });

  test("request_* errors ride in the access token for the FHIR server", async () => {
    const launch = await createLaunch({ simulatedError: "request_expired_token" });
    const { tokens } = await federatedLogin(world, smart, ehr(launch));
    expect(decodeJwt(tokens.access_token)).toMatchObject({
      lotse_simulated_error: "request_expired_token",
    });
  });
});

describe("audit", () => {
  test("records the launch and the context granted", async () => {
    const launch = await createLaunch();
    const { tokens } = await federatedLogin(world, smart, ehr(launch));
    const events = await world.prisma.auditEvent.findMany({
      where: { clientId: DEMO_SMART.clientId, type: { in: ["smart.launch", "smart.context"] } },
      orderBy: { seq: "desc" },
      take: 2,
    });
    expect(events.map((event) => event.type).sort()).toEqual(["smart.context", "smart.launch"]);
    const context = events.find((event) => event.type === "smart.context")!;
    expect(context.details).toMatchObject({ patient: "pat-anna", launch: "ehr" });
    expect(context.subject).toBe(tokens.claims()!.sub);
  });
});
