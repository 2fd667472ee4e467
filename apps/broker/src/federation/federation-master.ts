/**
 * The federation master's signed list of insurer IDPs (gematik sectoral IDP federation).
 * The entity statement at `<master>/.well-known/openid-federation` is self-signed and
 * names the list endpoint; the list is a JWT signed with a key from that statement.
 * Both signatures are checked; the result is cached because every chooser page needs it.
 */
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from "jose";
import { z } from "zod";

export interface FederationIdp {
  issuer: string;
  organizationName: string;
  logoUri: string | null;
  pkv: boolean;
  userTypeSupported: string | null;
}

const entityStatement = z.object({
  iss: z.string(),
  sub: z.string(),
  jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }),
  metadata: z
    .object({
      federation_entity: z.object({ idp_list_endpoint: z.url() }).loose(),
    })
    .loose(),
});

const idpList = z.object({
  idp_entity: z.array(
    z
      .object({
        iss: z.url(),
        organization_name: z.string().min(1),
        logo_uri: z.string().nullish(),
        user_type_supported: z.string().nullish(),
        pkv: z.boolean().default(false),
      })
      .loose(),
  ),
});

export class FederationError extends Error {
  override name = "FederationError";
}

async function fetchJwt(url: string): Promise<string> {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(5000),
    headers: { accept: "application/jwt" },
  });
  if (!response.ok) throw new FederationError(`${url} answered ${response.status}`);
  return (await response.text()).trim();
}

export interface FederationMaster {
  listIdps(): Promise<FederationIdp[]>;
}

export function createFederationMaster(options: {
  url: string;
  cacheMs?: number;
}): FederationMaster {
  const cacheMs = options.cacheMs ?? 5 * 60_000;
  let cached: { at: number; idps: FederationIdp[] } | undefined;

  async function load(): Promise<FederationIdp[]> {
    const masterUrl = options.url.replace(/\/+$/, "");
    const statementJwt = await fetchJwt(`${masterUrl}/.well-known/openid-federation`);
    // The statement carries the key that signs it: trust is anchored in the configured
    // master URL over TLS, as the gematik federation's RP configuration does.
    const unverified = entityStatement.safeParse(decodeJwt(statementJwt));
    if (!unverified.success)
      throw new FederationError("the federation master's entity statement is malformed");
    const keys = createLocalJWKSet(unverified.data.jwks as JSONWebKeySet);
    const { payload: statement } = await jwtVerify(statementJwt, keys, {
      issuer: unverified.data.iss,
      subject: unverified.data.iss,
      typ: "entity-statement+jwt",
    });
    const parsedStatement = entityStatement.parse(statement);

    const listJwt = await fetchJwt(parsedStatement.metadata.federation_entity.idp_list_endpoint);
    const { payload } = await jwtVerify(listJwt, keys, { issuer: parsedStatement.iss });
    const list = idpList.safeParse(payload);
    if (!list.success) throw new FederationError("the federation master's IDP list is malformed");
    return list.data.idp_entity.map((entry) => ({
      issuer: entry.iss,
      organizationName: entry.organization_name,
      logoUri: entry.logo_uri ?? null,
      pkv: entry.pkv,
      userTypeSupported: entry.user_type_supported ?? null,
    }));
  }

  return {
    async listIdps() {
      if (cached && Date.now() - cached.at < cacheMs) return cached.idps;
      const idps = await load();
      cached = { at: Date.now(), idps };
      return idps;
    },
  };
}
