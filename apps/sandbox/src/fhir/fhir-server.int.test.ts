/**
 * The sandbox FHIR server over real HTTP: the whole sandbox started with BROKER_URL
 * pointing at a stand-in broker that publishes a JWKS and a SMART configuration, and
 * access tokens minted with that broker's key as the real broker mints them (RFC 9068).
 */
import http from "node:http";
import Koa from "koa";
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { serveForTest } from "@lotse/server";
import { startTestSandbox, type TestSandbox } from "../testing/start-sandbox.js";

const LAB = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

interface StandInBroker {
  url: string;
  key: CryptoKey;
  smartConfigurationRequests(): number;
  close(): Promise<void>;
}

async function startStandInBroker(): Promise<StandInBroker> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwks = {
    keys: [{ ...(await exportJWK(publicKey)), kid: "at-1", alg: "RS256", use: "sig" }],
  };
  let requests = 0;
  const app = new Koa();
  let url = "";
  app.use((ctx) => {
    if (ctx.path === "/.well-known/jwks") {
      ctx.type = "application/jwk-set+json";
      ctx.body = JSON.stringify(jwks);
    } else if (ctx.path === "/fhir/.well-known/smart-configuration") {
      requests += 1;
      ctx.body = {
        issuer: url,
        authorization_endpoint: `${url}/connect/auth`,
        token_endpoint: `${url}/connect/token`,
        capabilities: ["launch-ehr", "launch-standalone", "client-public"],
      };
    }
  });
  const server = await serveForTest(app);
  url = server.url;
  return {
    url,
    key: privateKey,
    smartConfigurationRequests: () => requests,
    close: server.close,
  };
}

let broker: StandInBroker;
let sandbox: TestSandbox;
let base: string;

beforeAll(async () => {
  broker = await startStandInBroker();
  sandbox = await startTestSandbox({ BROKER_URL: broker.url });
  base = `${sandbox.url}/fhir/r4`;
});

afterAll(async () => {
  await sandbox?.close();
  await broker?.close();
});

function mint(claims: Record<string, unknown>, expiresAt?: number): Promise<string> {
  return new SignJWT({
    iss: broker.url,
    aud: base,
    sub: "sub-1",
    jti: crypto.randomUUID(),
    client_id: "demo-smart",
    ...claims,
  })
    .setProtectedHeader({ alg: "RS256", kid: "at-1", typ: "at+jwt" })
    .setIssuedAt()
    .setExpirationTime(expiresAt ?? "5m")
    .sign(broker.key);
}

async function get(path: string, token?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
  });
  const text = await response.text();
  return { response, status: response.status, body: text ? JSON.parse(text) : undefined };
}

function expectOutcome(result: Awaited<ReturnType<typeof get>>, status: number, code: string) {
  expect(result.status).toBe(status);
  expect(result.response.headers.get("content-type")).toBe("application/fhir+json; charset=utf-8");
  expect(result.body).toMatchObject({ resourceType: "OperationOutcome", issue: [{ code }] });
}

describe("without a token", () => {
  test("metadata is a CapabilityStatement with SMART's security service and oauth-uris", async () => {
    const { response, status, body } = await get("/metadata");
    expect(status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/fhir+json; charset=utf-8");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(body.resourceType).toBe("CapabilityStatement");
    expect(body.fhirVersion).toBe("4.0.1");
    const security = body.rest[0].security;
    expect(security.service[0].coding[0]).toMatchObject({
      system: "http://terminology.hl7.org/CodeSystem/restful-security-service",
      code: "SMART-on-FHIR",
    });
    expect(security.extension[0]).toEqual({
      url: "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
      extension: [
        { url: "authorize", valueUri: `${broker.url}/connect/auth` },
        { url: "token", valueUri: `${broker.url}/connect/token` },
      ],
    });
    const types = body.rest[0].resource.map((resource: { type: string }) => resource.type);
    expect(types).toEqual([
      "Patient",
      "Practitioner",
      "Encounter",
      "Observation",
      "Condition",
      "MedicationRequest",
    ]);
  });

  test("smart-configuration is the broker's, as JSON, cached", async () => {
    const before = broker.smartConfigurationRequests();
    const first = await get("/.well-known/smart-configuration");
    const second = await get("/.well-known/smart-configuration");
    expect(first.status).toBe(200);
    expect(first.response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(first.response.headers.get("access-control-allow-origin")).toBe("*");
    expect(first.body).toMatchObject({
      issuer: broker.url,
      token_endpoint: `${broker.url}/connect/token`,
      capabilities: ["launch-ehr", "launch-standalone", "client-public"],
    });
    expect(second.body).toEqual(first.body);
    expect(broker.smartConfigurationRequests() - before).toBeLessThanOrEqual(1);
  });

  test("launcher-directory lists patients, practitioners and encounters", async () => {
    const { response, status, body } = await get("/launcher-directory");
    expect(status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(body.patients).toContainEqual({
      id: "pat-anna",
      name: "Anna Beispiel",
      birthDate: "1985-04-12",
      gender: "female",
    });
    expect(body.practitioners).toContainEqual({ id: "prac-1", name: "Dr. med. Lea Hausmann" });
    expect(body.encounters).toContainEqual({
      id: "enc-anna-1",
      patientId: "pat-anna",
      label: expect.stringMatching(/^2025-01-14 · /),
    });
  });

  test("a CORS preflight is answered 204 with the allowed headers", async () => {
    const response = await fetch(`${base}/Observation?patient=pat-anna`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://app.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toContain("GET");
    expect(response.headers.get("access-control-allow-headers")).toMatch(
      /Authorization, Content-Type, Accept/,
    );
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });

  test("data needs a token: 401 invalid_token with an OperationOutcome", async () => {
    const result = await get("/Patient/pat-anna");
    expectOutcome(result, 401, "login");
    expect(result.response.headers.get("www-authenticate")).toMatch(
      /^Bearer error="invalid_token"/,
    );
    expect(result.response.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("with a patient token", () => {
  let anna: string;
  beforeAll(async () => {
    anna = await mint({ scope: "launch/patient openid patient/*.rs", patient: "pat-anna" });
  });

  test("reads its own Patient", async () => {
    const { response, status, body } = await get("/Patient/pat-anna", anna);
    expect(status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/fhir+json; charset=utf-8");
    expect(body).toMatchObject({
      resourceType: "Patient",
      id: "pat-anna",
      birthDate: "1985-04-12",
    });
  });

  test("searches its own Observations into a searchset Bundle", async () => {
    const { status, body } = await get(
      "/Observation?patient=Patient/pat-anna&code=http://loinc.org|29463-7&_sort=-date",
      anna,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ resourceType: "Bundle", type: "searchset", total: 4 });
    expect(body.link[0].relation).toBe("self");
    expect(body.link[0].url).toMatch(new RegExp(`^${base}/Observation\\?patient=`));
    expect(body.entry.map((entry: { fullUrl: string }) => entry.fullUrl)).toEqual([
      `${base}/Observation/obs-anna-weight-4`,
      `${base}/Observation/obs-anna-weight-3`,
      `${base}/Observation/obs-anna-weight-2`,
      `${base}/Observation/obs-anna-weight-1`,
    ]);
  });

  test("another patient is 403, by read and by search", async () => {
    for (const path of [
      "/Patient/pat-jonas",
      "/Observation/obs-jonas-weight-1",
      "/Observation?patient=pat-jonas",
      "/Encounter?subject=Patient/pat-jonas",
    ]) {
      const result = await get(path, anna);
      expectOutcome(result, 403, "forbidden");
      expect(result.response.headers.get("www-authenticate")).toMatch(
        /^Bearer error="insufficient_scope"/,
      );
    }
  });

  test("a search without patient= returns only its own compartment", async () => {
    const { body } = await get("/Observation?code=8867-4", anna);
    expect(body.total).toBe(4);
    const { body: patients } = await get("/Patient", anna);
    expect(patients.entry.map((entry: { resource: { id: string } }) => entry.resource.id)).toEqual([
      "pat-anna",
    ]);
  });
});

describe("scopes", () => {
  test("a user/ token reads any patient", async () => {
    const practitioner = await mint({ scope: "user/*.rs", fhirUser: "Practitioner/prac-1" });
    expect((await get("/Patient/pat-jonas", practitioner)).status).toBe(200);
    const { body } = await get("/Patient?name=probst", practitioner);
    expect(body.entry[0].resource.id).toBe("pat-mira");
  });

  test("v1 .read allows read and search", async () => {
    const v1 = await mint({ scope: "patient/*.read", patient: "pat-paul" });
    expect((await get("/Observation/obs-paul-hr-1", v1)).status).toBe(200);
    expect((await get("/Condition?patient=pat-paul", v1)).body.total).toBe(1);
  });

  test("a granular category scope filters searches and refuses what it excludes", async () => {
    const labOnly = await mint({
      scope: `patient/Observation.rs?category=${LAB}`,
      patient: "pat-jonas",
    });
    const { body } = await get("/Observation?patient=pat-jonas", labOnly);
    expect(body.total).toBe(4);
    expect(
      body.entry.every(
        (entry: { resource: { category: { coding: { code: string }[] }[] } }) =>
          entry.resource.category[0]!.coding[0]!.code === "laboratory",
      ),
    ).toBe(true);
    expectOutcome(await get("/Observation?category=vital-signs", labOnly), 403, "forbidden");
    expectOutcome(await get("/Observation/obs-jonas-weight-1", labOnly), 403, "forbidden");
    expectOutcome(await get("/Patient/pat-jonas", labOnly), 403, "forbidden");
  });
});

describe("refused tokens", () => {
  test.each([
    ["a wrong audience", () => mint({ scope: "user/*.rs", aud: "http://elsewhere.test/fhir" })],
    ["an expired token", () => mint({ scope: "user/*.rs" }, Math.floor(Date.now() / 1000) - 120)],
    [
      "simulated request_invalid_token",
      () => mint({ scope: "user/*.rs", lotse_simulated_error: "request_invalid_token" }),
    ],
    [
      "simulated request_expired_token",
      () => mint({ scope: "user/*.rs", lotse_simulated_error: "request_expired_token" }),
    ],
  ])("401 for %s", async (_name, makeToken) => {
    const result = await get("/Patient/pat-anna", await makeToken());
    expectOutcome(result, 401, "login");
    expect(result.response.headers.get("www-authenticate")).toMatch(
      /^Bearer error="invalid_token", error_description="[^"]+"$/,
    );
  });
});

describe("bad input is a 4xx OperationOutcome, never a 500", () => {
  let token: string;
  beforeAll(async () => {
    token = await mint({ scope: "user/*.rs" });
  });

  const huge = `/Observation?code=${"9".repeat(5000)}`;
  test.each([
    ["/Spaceship/1", 404, "not-supported"],
    ["/patient/pat-anna", 404, "not-supported"],
    ["/Patient/pat-nobody", 404, "not-found"],
    ["/Patient/pat%00anna", 400, "invalid"],
    ["/Patient/%E0%A4%A", 400, "invalid"],
    ["/Patient/%2e%2e%2fPractitioner", 400, "invalid"],
    ["/Patient/pat-anna/_history/1", 404, "not-supported"],
    ["/Observation?patient=pat%00anna", 400, "invalid"],
    ["/Observation?code=<5000 characters>", 400, "invalid"],
    ["/Observation?date=soon", 400, "invalid"],
  ])("GET %s → %i", async (path, status, code) => {
    const target = path.includes("<5000") ? huge : path;
    expectOutcome(await get(target, token), status, code);
  });

  test("dot segments sent as they are reach nothing", async () => {
    // fetch normalises `..` (WHATWG URL), so this goes out as raw HTTP.
    const rawGet = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = http.request(`${sandbox.url}${path}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        request.path = path;
        request.on("response", (response) => {
          let body = "";
          response.on("data", (chunk: Buffer) => (body += chunk.toString()));
          response.on("end", () => resolve({ status: response.statusCode!, body }));
        });
        request.on("error", reject);
        request.end();
      });
    for (const path of [
      "/fhir/r4/Patient/..",
      "/fhir/r4/../r4/Patient/pat-anna",
      "/fhir/r4/Patient/%2E%2E",
    ]) {
      const { status, body } = await rawGet(path);
      expect(status, path).toBe(404);
      expect(JSON.parse(body).resourceType).toBe("OperationOutcome");
    }
  });

  test("unknown search parameters are ignored, or a 400 with Prefer: handling=strict", async () => {
    const lenient = await get("/Patient?_id=pat-anna&shoe-size=42", token);
    expect(lenient.body.total).toBe(1);
    expect(lenient.body.entry.at(-1).search.mode).toBe("outcome");
    const strict = await get("/Patient?shoe-size=42", token, { Prefer: "handling=strict" });
    expectOutcome(strict, 400, "invalid");
  });

  test("writes are 405", async () => {
    const response = await fetch(`${base}/Patient`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/fhir+json" },
      body: "{}",
    });
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ resourceType: "OperationOutcome" });
  });
});

test("with the broker unreachable, smart-configuration is a 502 and metadata still answers", async () => {
  const closed = await serveForTest(new Koa());
  await closed.close();
  const orphan = await startTestSandbox({ BROKER_URL: closed.url });
  try {
    const response = await fetch(`${orphan.url}/fhir/r4/.well-known/smart-configuration`);
    expect(response.status).toBe(502);
    const body = (await response.json()) as Record<string, string>;
    expect(body.error).toBe("broker_unavailable");
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
    const metadata = await fetch(`${orphan.url}/fhir/r4/metadata`);
    expect(metadata.status).toBe(200);
    const statement = (await metadata.json()) as {
      rest: { security: { extension: { extension: { valueUri: string }[] }[] } }[];
    };
    expect(statement.rest[0]!.security.extension[0]!.extension[0]!.valueUri).toBe(
      `${closed.url}/connect/auth`,
    );
  } finally {
    await orphan.close();
  }
});
