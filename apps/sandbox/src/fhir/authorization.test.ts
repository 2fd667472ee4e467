import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, type CryptoKey } from "jose";
import { beforeAll, describe, expect, test } from "vitest";
import {
  accessRules,
  authorizeRead,
  authorizeSearch,
  createTokenVerifier,
  type AccessToken,
  type TokenVerifier,
} from "./authorization.js";
import { allOfType, findResource, type ResourceType } from "./data/store.js";
import { FhirError } from "./operation-outcome.js";
import { executeSearch, parseSearch } from "./search.js";

const BROKER = "http://broker.test";
const FHIR_BASE = "http://sandbox.test/fhir/r4";
const LAB = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

function refusal(run: () => unknown): { status: number; challenge?: string } | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof FhirError) {
      return { status: error.status, challenge: error.headers["WWW-Authenticate"] };
    }
    throw error;
  }
  return undefined;
}

async function rejection(promise: Promise<unknown>): Promise<FhirError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof FhirError)) throw new Error(`expected a FhirError, got ${String(error)}`);
  return error;
}

describe("token verification", () => {
  let key: CryptoKey;
  let otherKey: CryptoKey;
  let verify: TokenVerifier;

  beforeAll(async () => {
    const pair = await generateKeyPair("ES256", { extractable: true });
    key = pair.privateKey;
    otherKey = (await generateKeyPair("ES256")).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "ES256" };
    verify = createTokenVerifier({
      brokerUrl: BROKER,
      fhirBaseUrl: FHIR_BASE,
      keys: createLocalJWKSet({ keys: [jwk] }),
    });
  });

  function mint(
    claims: Record<string, unknown> = {},
    options: { typ?: string; signWith?: CryptoKey; expiresIn?: string | number } = {},
  ) {
    return new SignJWT({
      iss: BROKER,
      aud: FHIR_BASE,
      sub: "sub-1",
      jti: crypto.randomUUID(),
      client_id: "demo-smart",
      scope: "patient/*.rs",
      ...claims,
    })
      .setProtectedHeader({ alg: "ES256", kid: "k1", typ: options.typ ?? "at+jwt" })
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? "5m")
      .sign(options.signWith ?? key);
  }

  test("a valid token gives its scopes and launch context", async () => {
    const token = await mint({
      patient: "pat-anna",
      fhirUser: "Practitioner/prac-1",
      scope: "launch openid patient/Observation.rs",
    });
    expect(await verify(`Bearer ${token}`)).toEqual({
      clientId: "demo-smart",
      sub: "sub-1",
      scopes: ["launch", "openid", "patient/Observation.rs"],
      patient: "pat-anna",
      fhirUser: "Practitioner/prac-1",
    });
    // An audience array containing this server is fine too (RFC 9068 §4).
    const arrayAud = await mint({ aud: [FHIR_BASE, "http://other.test"] });
    await expect(verify(`bearer ${arrayAud}`)).resolves.toMatchObject({ sub: "sub-1" });
  });

  test.each([
    ["no header", async () => undefined, "An access token is required."],
    ["another scheme", async () => "Basic YTpi", "must be Bearer"],
    ["garbage", async () => "Bearer not-a-jwt", "invalid"],
    [
      "wrong audience",
      () => mint({ aud: "http://elsewhere.test/fhir" }).then((t) => `Bearer ${t}`),
      "invalid",
    ],
    ["wrong issuer", () => mint({ iss: "http://evil.test" }).then((t) => `Bearer ${t}`), "invalid"],
    [
      "wrong typ (an ID token)",
      () => mint({}, { typ: "JWT" }).then((t) => `Bearer ${t}`),
      "invalid",
    ],
    ["unknown key", () => mint({}, { signWith: otherKey }).then((t) => `Bearer ${t}`), "invalid"],
    [
      "expired",
      () => mint({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 }).then((t) => `Bearer ${t}`),
      "expired",
    ],
    [
      "simulated invalid",
      () => mint({ lotse_simulated_error: "request_invalid_token" }).then((t) => `Bearer ${t}`),
      "simulated",
    ],
    [
      "simulated expired",
      () => mint({ lotse_simulated_error: "request_expired_token" }).then((t) => `Bearer ${t}`),
      "expired (simulated",
    ],
  ])("401 invalid_token: %s", async (_name, header, description) => {
    const error = await rejection(verify(await header()));
    expect(error.status).toBe(401);
    expect(error.diagnostics).toContain(description);
    expect(error.headers["WWW-Authenticate"]).toMatch(
      /^Bearer error="invalid_token", error_description="[^"]+"$/,
    );
  });

  test("a patient claim that is no FHIR id is dropped", async () => {
    const token = await mint({ patient: "../pat-anna" });
    expect(await verify(`Bearer ${token}`)).not.toHaveProperty("patient");
  });
});

function token(scope: string, patient?: string): AccessToken {
  return {
    clientId: "demo-smart",
    sub: "sub-1",
    scopes: scope.split(" "),
    ...(patient ? { patient } : {}),
  };
}

function read(access: AccessToken, type: ResourceType, id: string) {
  return refusal(() => authorizeRead(accessRules(access, type, "r"), findResource(type, id)!));
}

function search(access: AccessToken, type: ResourceType, query: string) {
  const parsed = parseSearch(type, [...new URLSearchParams(query)]);
  const allowed = authorizeSearch(accessRules(access, type, "s"), parsed);
  return executeSearch(parsed, allOfType(type), allowed).resources.map((resource) => resource.id!);
}

describe("scopes and compartments", () => {
  const anna = token("launch/patient patient/*.rs", "pat-anna");

  test("a patient token reads its own patient and observations, not another's", () => {
    expect(read(anna, "Patient", "pat-anna")).toBeUndefined();
    expect(read(anna, "Observation", "obs-anna-weight-1")).toBeUndefined();
    expect(read(anna, "Patient", "pat-jonas")).toMatchObject({
      status: 403,
      challenge: expect.stringContaining('error="insufficient_scope"'),
    });
    expect(read(anna, "Observation", "obs-jonas-weight-1")?.status).toBe(403);
  });

  test("a patient token's search is its own compartment; naming another patient is 403", () => {
    const own = search(anna, "Observation", "code=29463-7");
    expect(own).toEqual([
      "obs-anna-weight-1",
      "obs-anna-weight-2",
      "obs-anna-weight-3",
      "obs-anna-weight-4",
    ]);
    expect(search(anna, "Observation", "patient=pat-anna&code=29463-7")).toEqual(own);
    expect(search(anna, "Patient", "")).toEqual(["pat-anna"]);
    expect(refusal(() => search(anna, "Observation", "patient=pat-jonas"))?.status).toBe(403);
    expect(refusal(() => search(anna, "Observation", "subject=Patient/pat-jonas"))?.status).toBe(
      403,
    );
    expect(refusal(() => search(anna, "Observation", "patient=pat-anna,pat-jonas"))?.status).toBe(
      403,
    );
    expect(refusal(() => search(anna, "Patient", "_id=pat-jonas"))?.status).toBe(403);
  });

  test("patient scopes need a patient claim and reach only the compartment", () => {
    const noContext = token("patient/*.rs");
    expect(read(noContext, "Patient", "pat-anna")?.status).toBe(403);
    expect(read(anna, "Practitioner", "prac-1")?.status).toBe(403);
  });

  test("user/ and system/ scopes reach every patient", () => {
    for (const access of [
      token("user/*.rs"),
      token("system/Patient.rs"),
      token("user/*.rs", "pat-anna"),
    ]) {
      expect(read(access, "Patient", "pat-jonas")).toBeUndefined();
      expect(search(access, "Patient", "_id=pat-jonas,pat-kim")).toEqual(["pat-jonas", "pat-kim"]);
    }
    expect(read(token("user/*.rs"), "Practitioner", "prac-2")).toBeUndefined();
  });

  test("read needs r and search needs s; v1 .read gives both", () => {
    expect(read(token("user/Patient.s"), "Patient", "pat-anna")?.status).toBe(403);
    expect(refusal(() => search(token("user/Patient.r"), "Patient", ""))?.status).toBe(403);
    expect(read(token("patient/Observation.rs", "pat-anna"), "Patient", "pat-anna")?.status).toBe(
      403,
    );
    const v1 = token("patient/*.read", "pat-anna");
    expect(read(v1, "Observation", "obs-anna-hr-1")).toBeUndefined();
    expect(search(v1, "Observation", "code=8867-4")).toHaveLength(4);
    expect(read(token("user/*.write"), "Patient", "pat-anna")?.status).toBe(403);
  });

  test("a granular category scope filters searches and refuses what it excludes", () => {
    const labOnly = token(`patient/Observation.rs?category=${LAB}`, "pat-jonas");
    expect(search(labOnly, "Observation", "patient=pat-jonas")).toEqual([
      "obs-jonas-hba1c-1",
      "obs-jonas-hba1c-2",
      "obs-jonas-hba1c-3",
      "obs-jonas-hba1c-4",
    ]);
    expect(search(labOnly, "Observation", "category=laboratory")).toHaveLength(4);
    expect(refusal(() => search(labOnly, "Observation", "category=vital-signs"))?.status).toBe(403);
    expect(read(labOnly, "Observation", "obs-jonas-hba1c-1")).toBeUndefined();
    expect(read(labOnly, "Observation", "obs-jonas-weight-1")?.status).toBe(403);
    // Together with a plain scope, the plain one reaches the rest.
    const both = token(
      `patient/Observation.rs?category=${LAB} patient/Observation.rs`,
      "pat-jonas",
    );
    expect(search(both, "Observation", "category=vital-signs")).toHaveLength(8);
  });

  test("a granular scope this server cannot evaluate reaches nothing", () => {
    const odd = token("user/Observation.rs?flavour=sweet");
    expect(read(odd, "Observation", "obs-anna-hr-1")?.status).toBe(403);
  });
});
