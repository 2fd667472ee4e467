/**
 * SMART App Launch end to end with fhirclient, the library SMART apps use (its Node
 * adapter, in a small app server of the test): EHR launch and both standalone launches
 * against the real sandbox FHIR server, the context in the token response, and FHIR reads
 * allowed and refused by scope and patient. The "browser" is a cookie jar following
 * redirects through app, broker and sandbox; at the broker's authorize request it adds the
 * sandbox's testing parameters, i.e. the person picks an insurer and logs in there.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import smart from "fhirclient";
import type { Bundle, Observation, Patient } from "fhir/r4.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_ORGANIZATION, sandboxFhirBaseUrl } from "@lotse/db/seed";
import { launchHash } from "../src/smart/launches.js";
import {
  CookieBrowser,
  startFederatedWorld,
  type FederatedWorld,
} from "./support/federated-world.js";

/** Anna Beispiel (nord): her record at the sandbox FHIR server is Patient/pat-anna. */
const ANNA = "X110411675";
const ANNA_PATIENT = "pat-anna";
const OTHER_PATIENT = "pat-emil";

interface AppResult {
  tokenResponse?: Record<string, unknown>;
  patient?: Patient;
  observations?: number;
  otherPatientStatus?: number;
  error?: string;
}

interface SmartApp {
  clientId: string;
  origin: string;
  scope: string;
  close(): Promise<void>;
}

let world: FederatedWorld;
let fhirBase: string;

beforeAll(async () => {
  world = await startFederatedWorld();
  fhirBase = sandboxFhirBaseUrl(world.sandboxUrl);
});
afterAll(async () => world?.close());

/**
 * What the app reads once fhirclient is ready: its patient, the Observations, and another
 * patient (the status of that read: 403 where the token is confined to its patient).
 */
async function readWithClient(client: Awaited<ReturnType<ReturnType<typeof smart>["ready"]>>) {
  const result: AppResult = {
    tokenResponse: client.state.tokenResponse as Record<string, unknown>,
  };
  const patientId = client.patient.id;
  if (patientId) {
    result.patient = await client.request<Patient>(`Patient/${patientId}`);
    const bundle = await client.request<Bundle<Observation>>(`Observation?patient=${patientId}`);
    result.observations = bundle.entry?.length ?? 0;
  }
  const other = patientId === OTHER_PATIENT ? ANNA_PATIENT : OTHER_PATIENT;
  try {
    await client.request(`Patient/${other}`);
    result.otherPatientStatus = 200;
  } catch (error) {
    result.otherPatientStatus = (error as { status?: number }).status ?? 0;
  }
  return result;
}

/**
 * A SMART app registered at the broker and served by fhirclient's Node adapter: `/launch`
 * authorizes, `/app` (its redirect URI) finishes and answers with what it read, as JSON.
 */
async function startApp(options: {
  userType: "PATIENT" | "PRACTITIONER";
  scope: string;
  smartScopes: string[];
}): Promise<SmartApp> {
  const store = new Map<string, unknown>();
  const storage = {
    get: async (key: string) => store.get(key),
    set: async (key: string, value: unknown) => {
      store.set(key, value);
      return value;
    },
    unset: async (key: string) => store.delete(key),
  };
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const clientId = `smart-${randomBytes(4).toString("hex")}`;
  const organization = await world.prisma.organization.findUniqueOrThrow({
    where: { slug: DEMO_ORGANIZATION.slug },
  });
  await world.prisma.application.create({
    data: {
      clientId,
      name: clientId,
      type: "PUBLIC",
      organizationId: organization.id,
      redirectUris: [`${origin}/app`],
      allowedScopes: ["openid", "offline_access"],
      allowedGrantTypes: ["authorization_code", "refresh_token"],
      smartEnabled: true,
      smartLaunchUrl: `${origin}/launch`,
      smartFhirBaseUrl: fhirBase,
      smartScopes: options.smartScopes,
      smartUserType: options.userType,
    },
  });

  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = new URL(req.url ?? "/", origin).pathname;
    const api = smart(req, res, storage);
    const answer = (body: AppResult) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (path === "/launch") {
      api
        .authorize({ clientId, scope: options.scope, redirectUri: "/app", pkceMode: "required" })
        .catch((error: Error) => answer({ error: error.message }));
    } else if (path === "/app") {
      api
        .ready()
        .then(readWithClient)
        .then(answer, (error: Error) => answer({ error: error.message }));
    } else {
      res.writeHead(404).end();
    }
  });
  return {
    clientId,
    origin,
    scope: options.scope,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Follows the launch as a browser would, across the app, the broker and the sandbox. At the
 * broker's authorize request the person chooses nord and logs in as `kvnr` (testing
 * parameters); a patient picker, if one comes, is answered with `pick`.
 */
async function runLaunch(
  app: SmartApp,
  launchUrl: string,
  options: { kvnr: string; pick?: string },
): Promise<{ result: AppResult; pickerShown: boolean; statuses: number[] }> {
  const browser = new CookieBrowser();
  const statuses: number[] = [];
  let pickerShown = false;
  let url = new URL(launchUrl);
  let init: RequestInit = {};
  for (let hop = 0; hop < 30; hop += 1) {
    if (url.origin === world.issuer && url.pathname === "/connect/auth") {
      url.searchParams.set("provider", world.idp("nord"));
      url.searchParams.set("gematik_enable_testing", "true");
      url.searchParams.set("gematik_login_user", options.kvnr);
    }
    const response = await browser.fetch(url.href, init);
    statuses.push(response.status);
    init = {};
    const location = response.headers.get("location");
    if (location) {
      url = new URL(location, url);
      continue;
    }
    if (url.pathname.endsWith("/patient") && url.origin === world.issuer && options.pick) {
      pickerShown = true;
      const page = await response.text();
      expect(page).toContain(`data-testid="patient-${options.pick}"`);
      init = {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ patient: options.pick }).toString(),
      };
      continue;
    }
    if (url.origin === app.origin)
      return { result: (await response.json()) as AppResult, pickerShown, statuses };
    throw new Error(
      `the launch stopped at ${url.href} (${response.status}): ${await response.text()}`,
    );
  }
  throw new Error("too many redirects");
}

async function ehrLaunch(
  app: SmartApp,
  patientId: string,
  simulatedError?: string,
): Promise<string> {
  const value = randomBytes(32).toString("base64url");
  const application = await world.prisma.application.findUniqueOrThrow({
    where: { clientId: app.clientId },
  });
  await world.prisma.smartLaunch.create({
    data: {
      launchHash: launchHash(value),
      applicationId: application.id,
      fhirBaseUrl: fhirBase,
      launchType: "EHR_PROVIDER",
      patientId,
      practitionerId: "prac-1",
      needPatientBanner: false,
      simulatedError: simulatedError ?? null,
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });
  return `${app.origin}/launch?iss=${encodeURIComponent(fhirBase)}&launch=${value}`;
}

describe("with fhirclient against the sandbox FHIR server", () => {
  test("EHR launch: the practitioner's app reads the launch patient", async () => {
    const app = await startApp({
      userType: "PRACTITIONER",
      scope: "openid fhirUser launch patient/*.rs offline_access",
      smartScopes: ["launch", "fhirUser", "patient/*.rs"],
    });
    try {
      const { result, statuses } = await runLaunch(app, await ehrLaunch(app, OTHER_PATIENT), {
        kvnr: ANNA,
      });
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
      expect(result.error).toBeUndefined();
      expect(result.tokenResponse).toMatchObject({
        patient: OTHER_PATIENT,
        need_patient_banner: false,
      });
      expect(result.patient).toMatchObject({ resourceType: "Patient", id: OTHER_PATIENT });
      expect(result.observations).toBeGreaterThan(0);
      // patient/ scopes reach the launch patient's compartment only: Anna's is refused.
      expect(result.otherPatientStatus).toBe(403);
    } finally {
      await app.close();
    }
  });

  test("the launcher's request errors make the FHIR server refuse the token", async () => {
    const app = await startApp({
      userType: "PRACTITIONER",
      scope: "openid launch patient/*.rs",
      smartScopes: ["launch", "patient/*.rs"],
    });
    try {
      for (const simulated of ["request_invalid_token", "request_expired_token"]) {
        const { result } = await runLaunch(app, await ehrLaunch(app, OTHER_PATIENT, simulated), {
          kvnr: ANNA,
        });
        expect(result.tokenResponse).toBeUndefined();
        expect(result.error, simulated).toMatch(/401/);
      }
    } finally {
      await app.close();
    }
  });

  test("standalone launch of a patient app: the person's own record, no other", async () => {
    const app = await startApp({
      userType: "PATIENT",
      scope: "openid fhirUser launch/patient patient/*.read offline_access",
      smartScopes: ["launch/patient", "fhirUser", "patient/*.read"],
    });
    try {
      const { result, pickerShown } = await runLaunch(
        app,
        `${app.origin}/launch?iss=${encodeURIComponent(fhirBase)}`,
        { kvnr: ANNA },
      );
      expect(pickerShown).toBe(false);
      expect(result.error).toBeUndefined();
      expect(result.tokenResponse).toMatchObject({
        patient: ANNA_PATIENT,
        need_patient_banner: true,
      });
      expect(result.patient?.identifier).toEqual(
        expect.arrayContaining([expect.objectContaining({ value: ANNA })]),
      );
      expect(result.observations).toBeGreaterThan(0);
      expect(result.otherPatientStatus).toBe(403);
    } finally {
      await app.close();
    }
  });

  test("standalone launch of a practitioner app: the picker, then the chosen patient", async () => {
    const app = await startApp({
      userType: "PRACTITIONER",
      scope: "openid launch/patient patient/*.rs user/Patient.rs offline_access",
      smartScopes: ["launch/patient", "patient/*.rs", "user/Patient.rs"],
    });
    try {
      const { result, pickerShown } = await runLaunch(
        app,
        `${app.origin}/launch?iss=${encodeURIComponent(fhirBase)}`,
        { kvnr: ANNA, pick: "pat-lena" },
      );
      expect(pickerShown).toBe(true);
      expect(result.error).toBeUndefined();
      expect(result.tokenResponse).toMatchObject({ patient: "pat-lena" });
      expect(result.patient?.id).toBe("pat-lena");
      // user/Patient.rs: a practitioner may read any Patient resource.
      expect(result.otherPatientStatus).toBe(200);
    } finally {
      await app.close();
    }
  });

  test("a scope without the resource type is refused by the FHIR server", async () => {
    const app = await startApp({
      userType: "PATIENT",
      scope: "openid launch/patient patient/Patient.rs",
      smartScopes: ["launch/patient", "patient/Patient.rs"],
    });
    try {
      const { result } = await runLaunch(
        app,
        `${app.origin}/launch?iss=${encodeURIComponent(fhirBase)}`,
        { kvnr: ANNA },
      );
      // The Observation search needs patient/Observation.s: the app's read fails with 403.
      expect(result.error).toMatch(/403|forbidden|scope/i);
    } finally {
      await app.close();
    }
  });
});
