/**
 * Trust chains against a federation signed here, no sandbox: the master's configuration
 * only by the pinned anchor, each statement of an insurer's chain by the key the one before
 * vouches for, `exp` required everywhere; caching until the earliest `exp`; failures typed
 * and reported once per change; and openid-client configured from the verified metadata.
 */
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
} from "jose";
import * as client from "openid-client";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { TrustFailure, type TrustFailureReason } from "./entity-statement.js";
import { createFederationMaster, type FederationMasterOptions } from "./federation-master.js";
import { createUpstreamClients } from "./upstream-clients.js";

interface Key {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function key(): Promise<Key> {
  const pair = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey: pair.privateKey, publicJwk: { ...jwk, kid, alg: "ES256", use: "sig" } };
}

const jwks = (...keys: Key[]): JSONWebKeySet => ({ keys: keys.map((k) => k.publicJwk) });

const MASTER = "https://fedmaster.example";
const NORD = "https://idp.example/nord";
const SUED = "https://idp.example/sued";
const DAY = 24 * 60 * 60;

/** The clock of the broker under test, in ms; statements are signed against it. */
let clock = Date.parse("2026-12-03T12:00:00Z");
const seconds = () => Math.floor(clock / 1000);

async function sign(
  payload: JWTPayload,
  signer: Key,
  options: { typ?: string; lifetime?: number | null } = {},
): Promise<string> {
  const jwt = new SignJWT(payload)
    .setProtectedHeader({
      alg: "ES256",
      kid: signer.kid,
      typ: options.typ ?? "entity-statement+jwt",
    })
    .setIssuedAt(seconds());
  if (options.lifetime !== null) jwt.setExpirationTime(seconds() + (options.lifetime ?? DAY));
  return jwt.sign(signer.privateKey);
}

let anchor: Key;
let stranger: Key;
const entity: Record<string, Key> = {};
const idToken: Record<string, Key> = {};

beforeAll(async () => {
  anchor = await key();
  stranger = await key();
  for (const issuer of [NORD, SUED]) {
    entity[issuer] = await key();
    idToken[issuer] = await key();
  }
});

/** Each URL's answer; tests replace single documents. */
let documents: Map<string, () => Promise<string | Response>>;
let requests: string[];

function masterConfiguration(overrides: JWTPayload = {}, signer?: Key) {
  return sign(
    {
      iss: MASTER,
      sub: MASTER,
      jwks: jwks(anchor),
      metadata: {
        federation_entity: {
          federation_fetch_endpoint: `${MASTER}/federation/fetch`,
          federation_list_endpoint: `${MASTER}/federation/list`,
          idp_list_endpoint: `${MASTER}/federation/listidps`,
        },
      },
      ...overrides,
    },
    signer ?? anchor,
  );
}

function subordinate(issuer: string, overrides: JWTPayload = {}, signer?: Key) {
  return sign(
    { iss: MASTER, sub: issuer, jwks: jwks(entity[issuer]!), ...overrides },
    signer ?? anchor,
  );
}

function insurerConfiguration(
  issuer: string,
  overrides: JWTPayload = {},
  options: { signer?: Key; lifetime?: number } = {},
) {
  return sign(
    {
      iss: issuer,
      sub: issuer,
      jwks: jwks(entity[issuer]!),
      authority_hints: [MASTER],
      metadata: {
        openid_provider: {
          issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          pushed_authorization_request_endpoint: `${issuer}/par`,
          signed_jwks_uri: `${issuer}/federation/jwks.jwt`,
          token_endpoint_auth_methods_supported: ["private_key_jwt"],
        },
        federation_entity: { name: issuer },
      },
      ...overrides,
    },
    options.signer ?? entity[issuer]!,
    { lifetime: options.lifetime },
  );
}

function signedJwks(
  issuer: string,
  options: { signer?: Key; lifetime?: number; typ?: string } = {},
) {
  return sign(
    { iss: issuer, keys: jwks(idToken[issuer]!).keys },
    options.signer ?? entity[issuer]!,
    {
      typ: options.typ ?? "jwk-set+json",
      lifetime: options.lifetime,
    },
  );
}

function idpList(signer?: Key) {
  return sign(
    {
      iss: MASTER,
      idp_entity: [NORD, SUED].map((iss) => ({
        iss,
        organization_name: iss.split("/").at(-1),
        logo_uri: null,
        user_type_supported: "IP",
        pkv: false,
      })),
    },
    signer ?? anchor,
    { typ: "idp-list+jwt" },
  );
}

function serveHealthyFederation() {
  documents = new Map();
  documents.set(`${MASTER}/.well-known/openid-federation`, () => masterConfiguration());
  documents.set(`${MASTER}/federation/listidps`, () => idpList());
  for (const issuer of [NORD, SUED]) {
    documents.set(`${MASTER}/federation/fetch?sub=${encodeURIComponent(issuer)}`, () =>
      subordinate(issuer),
    );
    documents.set(`${issuer}/.well-known/openid-federation`, () => insurerConfiguration(issuer));
    documents.set(`${issuer}/federation/jwks.jwt`, () => signedJwks(issuer));
  }
}

const send: NonNullable<FederationMasterOptions["fetch"]> = async (url) => {
  requests.push(url);
  const answer = documents.get(url);
  if (!answer)
    return Response.json({ error: "not_found", error_description: "unknown" }, { status: 404 });
  const body = await answer();
  return body instanceof Response ? body : new Response(body);
};

let changes: Array<{ entity: string; reason: string | undefined }>;

function federation(options: Partial<FederationMasterOptions> = {}) {
  return createFederationMaster({
    url: MASTER,
    trustAnchorJwks: jwks(anchor),
    fetch: send,
    now: () => clock,
    onTrustChange: (entityId, failure) =>
      changes.push({ entity: entityId, reason: failure?.reason }),
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<TrustFailure> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TrustFailure);
  return error as TrustFailure;
}

beforeEach(() => {
  clock = Date.parse("2026-12-03T12:00:00Z");
  requests = [];
  changes = [];
  serveHealthyFederation();
});

describe("a healthy federation", () => {
  test("each insurer's chain resolves to its provider metadata and its signed ID-token keys", async () => {
    const master = federation();
    for (const issuer of [NORD, SUED]) {
      const chain = await master.trustChain(issuer);
      expect(chain.issuer).toBe(issuer);
      expect(chain.provider).toMatchObject({
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
      });
      expect(chain.idTokenKeys).toEqual(jwks(idToken[issuer]!));
      expect(chain.expiresAt).toBe(clock + DAY * 1000);
    }
    expect(changes).toEqual([]);
  });

  test("the IDP list is verified with the master's key", async () => {
    const idps = await federation().listIdps();
    expect(idps.map((idp) => idp.issuer)).toEqual([NORD, SUED]);
  });

  test("the chain expires with its earliest document", async () => {
    documents.set(`${NORD}/federation/jwks.jwt`, () => signedJwks(NORD, { lifetime: 600 }));
    const chain = await federation().trustChain(NORD);
    expect(chain.expiresAt).toBe(clock + 600_000);
  });
});

describe("the master's configuration: verified only by the pinned trust anchor", () => {
  test.each<[string, () => Promise<string>, TrustFailureReason]>([
    // A forged master names its own key and signs with it: §10.2, the anchor is configured.
    [
      "self-signed by a key it carries itself",
      () => masterConfiguration({ jwks: jwks(stranger) }, stranger),
      "bad_signature",
    ],
    [
      "expired",
      () => sign({ iss: MASTER, sub: MASTER, jwks: jwks(anchor) }, anchor, { lifetime: -60 }),
      "expired",
    ],
    [
      "without exp",
      () =>
        sign({ iss: MASTER, sub: MASTER, jwks: jwks(anchor), metadata: {} }, anchor, {
          lifetime: null,
        }),
      "malformed",
    ],
    [
      "about another entity",
      () => masterConfiguration({ sub: "https://other.example" }),
      "wrong_subject",
    ],
    [
      "without a fetch endpoint",
      () => masterConfiguration({ metadata: { federation_entity: {} } }),
      "malformed",
    ],
  ])("%s → refused, and no insurer verifies", async (_name, forged, reason) => {
    documents.set(`${MASTER}/.well-known/openid-federation`, forged);
    const master = federation();
    const refused = await failure(master.trustChain(NORD));
    expect(refused).toMatchObject({ reason, document: "master_configuration" });
    expect((await failure(master.listIdps())).reason).toBe(reason);
    // Nothing past the master was even asked for.
    expect(requests.some((url) => url.startsWith(NORD))).toBe(false);
    // One change, one report: the master's, not one per insurer or document.
    await failure(master.trustChain(SUED));
    expect(changes).toEqual([{ entity: MASTER, reason }]);
  });

  test("an IDP list signed by another key is refused", async () => {
    documents.set(`${MASTER}/federation/listidps`, () => idpList(stranger));
    expect(await failure(federation().listIdps())).toMatchObject({
      reason: "bad_signature",
      document: "idp_list",
    });
  });

  test("an IDP list without its typ is refused", async () => {
    documents.set(`${MASTER}/federation/listidps`, () =>
      sign({ iss: MASTER, idp_entity: [] }, anchor, { typ: "JWT" }),
    );
    expect((await failure(federation().listIdps())).reason).toBe("malformed");
  });
});

describe("an insurer's chain", () => {
  const faults: Array<[string, () => void, TrustFailureReason, string]> = [
    [
      "not a member (the master's fetch endpoint answers 404)",
      () => documents.delete(`${MASTER}/federation/fetch?sub=${encodeURIComponent(NORD)}`),
      "not_member",
      "subordinate_statement",
    ],
    [
      "the master's statement forged (signed by another key)",
      () =>
        documents.set(`${MASTER}/federation/fetch?sub=${encodeURIComponent(NORD)}`, () =>
          subordinate(NORD, {}, stranger),
        ),
      "bad_signature",
      "subordinate_statement",
    ],
    [
      "the master's statement names another sub",
      () =>
        documents.set(`${MASTER}/federation/fetch?sub=${encodeURIComponent(NORD)}`, () =>
          subordinate(SUED),
        ),
      "wrong_subject",
      "subordinate_statement",
    ],
    [
      "the master's statement expired",
      () =>
        documents.set(`${MASTER}/federation/fetch?sub=${encodeURIComponent(NORD)}`, () =>
          sign({ iss: MASTER, sub: NORD, jwks: jwks(entity[NORD]!) }, anchor, { lifetime: -120 }),
        ),
      "expired",
      "subordinate_statement",
    ],
    [
      "its configuration signed by a key the master does not vouch for",
      () =>
        documents.set(`${NORD}/.well-known/openid-federation`, () =>
          insurerConfiguration(NORD, { jwks: jwks(stranger) }, { signer: stranger }),
        ),
      "bad_signature",
      "entity_configuration",
    ],
    [
      "its configuration expired",
      () =>
        documents.set(`${NORD}/.well-known/openid-federation`, () =>
          insurerConfiguration(NORD, {}, { lifetime: -120 }),
        ),
      "expired",
      "entity_configuration",
    ],
    [
      "its configuration about another entity",
      () =>
        documents.set(`${NORD}/.well-known/openid-federation`, () =>
          insurerConfiguration(NORD, { sub: SUED }),
        ),
      "wrong_subject",
      "entity_configuration",
    ],
    [
      "its configuration not naming the master as authority",
      () =>
        documents.set(`${NORD}/.well-known/openid-federation`, () =>
          insurerConfiguration(NORD, { authority_hints: ["https://other-master.example"] }),
        ),
      "not_subordinate",
      "entity_configuration",
    ],
    [
      "its OpenID provider metadata naming another issuer",
      () =>
        documents.set(`${NORD}/.well-known/openid-federation`, async () =>
          insurerConfiguration(NORD, {
            metadata: {
              openid_provider: {
                issuer: SUED,
                authorization_endpoint: `${SUED}/auth`,
                token_endpoint: `${SUED}/token`,
                signed_jwks_uri: `${SUED}/federation/jwks.jwt`,
              },
            },
          }),
        ),
      "wrong_issuer",
      "entity_configuration",
    ],
    [
      "its signed JWKS swapped for another insurer's",
      () => documents.set(`${NORD}/federation/jwks.jwt`, () => signedJwks(SUED)),
      "bad_signature",
      "signed_jwks",
    ],
    [
      "its signed JWKS signed by a key not in its configuration",
      () =>
        documents.set(`${NORD}/federation/jwks.jwt`, () => signedJwks(NORD, { signer: stranger })),
      "bad_signature",
      "signed_jwks",
    ],
    [
      "its signed JWKS expired",
      () =>
        documents.set(`${NORD}/federation/jwks.jwt`, () => signedJwks(NORD, { lifetime: -120 })),
      "expired",
      "signed_jwks",
    ],
    [
      "its signed JWKS without the jwk-set+json typ",
      () => documents.set(`${NORD}/federation/jwks.jwt`, () => signedJwks(NORD, { typ: "JWT" })),
      "malformed",
      "signed_jwks",
    ],
    [
      "its signed JWKS carrying a private key",
      () =>
        documents.set(`${NORD}/federation/jwks.jwt`, () =>
          sign(
            { iss: NORD, keys: [{ ...idToken[NORD]!.publicJwk, d: "c2VjcmV0" }] },
            entity[NORD]!,
            {
              typ: "jwk-set+json",
            },
          ),
        ),
      "malformed",
      "signed_jwks",
    ],
    [
      "its configuration not a JWT",
      () =>
        documents.set(`${NORD}/.well-known/openid-federation`, async () => "<html>hello</html>"),
      "malformed",
      "entity_configuration",
    ],
  ];

  test.each(faults)(
    "%s → refused, the other insurer unaffected",
    async (_name, fault, reason, document) => {
      fault();
      const master = federation();
      expect(await failure(master.trustChain(NORD))).toMatchObject({ reason, document });
      expect((await master.trustChain(SUED)).issuer).toBe(SUED);
      // Reported once, for the insurer.
      expect(changes).toEqual([{ entity: NORD, reason }]);
    },
  );
});

describe("caching", () => {
  test("a verified chain is reused, then re-verified after maxAge", async () => {
    const master = federation({ maxAgeMs: 5 * 60_000 });
    await master.trustChain(NORD);
    const first = requests.length;
    clock += 60_000;
    await master.trustChain(NORD);
    expect(requests.length).toBe(first);
    clock += 5 * 60_000;
    await master.trustChain(NORD);
    expect(requests.length).toBeGreaterThan(first);
  });

  test("a chain is re-verified before its earliest exp, even within maxAge", async () => {
    documents.set(`${NORD}/federation/jwks.jwt`, () => signedJwks(NORD, { lifetime: 120 }));
    const master = federation({ maxAgeMs: 60 * 60_000, refreshBeforeExpiryMs: 60_000 });
    const first = await master.trustChain(NORD);
    clock += 61_000;
    const second = await master.trustChain(NORD);
    expect(second).not.toBe(first);
    expect(second.expiresAt).toBeGreaterThan(first.expiresAt);
  });

  test("unreachable: the verified chain is kept until it expires, then refused", async () => {
    documents.set(`${NORD}/federation/jwks.jwt`, () => signedJwks(NORD, { lifetime: 600 }));
    const master = federation({ maxAgeMs: 60_000, retryAfterFailureMs: 0 });
    const verified = await master.trustChain(NORD);
    documents.set(
      `${NORD}/.well-known/openid-federation`,
      async () => new Response("", { status: 503 }),
    );
    clock += 120_000;
    expect(await master.trustChain(NORD)).toBe(verified);
    expect(changes).toEqual([]);
    clock += 600_000;
    expect((await failure(master.trustChain(NORD))).reason).toBe("unreachable");
    expect(changes).toEqual([{ entity: NORD, reason: "unreachable" }]);
  });

  test("a chain that stops verifying is dropped at once, and reported once per change", async () => {
    const master = federation({ maxAgeMs: 0, retryAfterFailureMs: 0 });
    await master.trustChain(NORD);
    documents.set(`${NORD}/federation/jwks.jwt`, () => signedJwks(SUED));
    await failure(master.trustChain(NORD));
    await failure(master.trustChain(NORD));
    expect(changes).toEqual([{ entity: NORD, reason: "bad_signature" }]);
    documents.set(`${NORD}/federation/jwks.jwt`, () => signedJwks(NORD));
    await master.trustChain(NORD);
    await master.trustChain(NORD);
    expect(changes).toEqual([
      { entity: NORD, reason: "bad_signature" },
      { entity: NORD, reason: undefined },
    ]);
    documents.set(`${NORD}/federation/jwks.jwt`, () => signedJwks(NORD, { lifetime: -120 }));
    await failure(master.trustChain(NORD));
    expect(changes.at(-1)).toEqual({ entity: NORD, reason: "expired" });
  });

  test("a failure is remembered for retryAfterFailureMs", async () => {
    documents.delete(`${MASTER}/federation/fetch?sub=${encodeURIComponent(NORD)}`);
    const master = federation({ retryAfterFailureMs: 10_000 });
    await failure(master.trustChain(NORD));
    const asked = requests.length;
    await failure(master.trustChain(NORD));
    expect(requests.length).toBe(asked);
    clock += 10_001;
    await failure(master.trustChain(NORD));
    expect(requests.length).toBeGreaterThan(asked);
  });
});

describe("openid-client from the verified chain", () => {
  test("no discovery; the JWKS request is answered with the verified keys, not fetched", async () => {
    const master = federation();
    const keys = await key();
    const encryption = await generateKeyPair("ECDH-ES", { crv: "P-256" });
    const upstream = createUpstreamClients({
      clientId: "https://broker.example",
      federation: master,
      getFederationKeys: async () => ({
        signing: { kid: keys.kid, privateKey: keys.privateKey },
        encryption: { kid: "enc", privateKey: encryption.privateKey },
      }),
    });
    const config = await upstream.configFor(NORD);
    expect(config.serverMetadata()).toMatchObject({
      issuer: NORD,
      authorization_endpoint: `${NORD}/auth`,
      pushed_authorization_request_endpoint: `${NORD}/par`,
      jwks_uri: `${NORD}/federation/jwks.jwt`,
    });
    expect(requests.some((url) => url.includes("openid-configuration"))).toBe(false);
    const before = requests.length;
    const answer = await config[client.customFetch]!(`${NORD}/federation/jwks.jwt`, {
      body: undefined,
      headers: {},
      method: "GET",
      redirect: "manual",
    });
    expect(await answer.json()).toEqual(jwks(idToken[NORD]!));
    expect(requests.length).toBe(before);
    expect(await upstream.idTokenKeys(NORD)).toEqual(jwks(idToken[NORD]!));
    // The same chain, the same configuration.
    expect(await upstream.configFor(NORD)).toBe(config);
  });

  test("no configuration for an insurer whose chain does not verify", async () => {
    documents.set(`${NORD}/federation/jwks.jwt`, () => signedJwks(SUED));
    const upstream = createUpstreamClients({
      clientId: "https://broker.example",
      federation: federation(),
      getFederationKeys: () => Promise.reject(new Error("not reached")),
    });
    expect((await failure(upstream.configFor(NORD))).reason).toBe("bad_signature");
  });
});
