/**
 * Real values for the fuzz tests to mix into their input, so that some requests get past
 * the first lookup: pending interactions with their cookies, pending upstream logins
 * (their `state`), tokens and codes.
 */
import type * as client from "openid-client";
import { DEMO_MOBILE, DEMO_WEB } from "@lotse/db/seed";
import {
  APP_REDIRECT_URIS,
  authorizationRequest,
  type FederatedWorld,
} from "../../support/federated-world.js";
import { relyingParty } from "../../support/relying-party.js";
import { send } from "./http.js";

export const CLIENTS = [
  { id: DEMO_WEB.clientId, secret: DEMO_WEB.developmentSecret },
  { id: DEMO_MOBILE.clientId, secret: "" },
];
export const CLIENT_IDS = CLIENTS.map((c) => c.id);
export const CLIENT_SECRETS = [DEMO_WEB.developmentSecret];
export const REDIRECT_URIS = [...DEMO_WEB.redirectUris, ...DEMO_MOBILE.redirectUris];
export const WEB_REDIRECT = DEMO_WEB.redirectUris[0];
export const APP_LINK = APP_REDIRECT_URIS[0]!;
/** The example of RFC 7636 Appendix B, a well-formed S256 pair. */
export const PKCE = {
  verifier: "dBjftJeZ4CVP-mJ0gaTvRKvPvoCZCQ9BUyanR1n8Y7uzXk9sJgNmmMeuWI7jQ6m",
  challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
};

export function idpIssuers(world: FederatedWorld): string[] {
  return [world.idp("nord"), world.idp("sued"), world.idp("privat")];
}

export interface PendingInteraction {
  uid: string;
  /** The Cookie header of the browser that started it. */
  cookie: string;
}

/** An authorization request of demo-web up to the chooser: its interaction and cookies. */
export async function startInteraction(
  world: FederatedWorld,
  extra: Record<string, string> = {},
): Promise<PendingInteraction> {
  const query = new URLSearchParams({
    client_id: DEMO_WEB.clientId,
    redirect_uri: WEB_REDIRECT,
    response_type: "code",
    scope: "openid",
    state: "fuzz-state",
    code_challenge: PKCE.challenge,
    code_challenge_method: "S256",
    ...extra,
  });
  const answer = await send(world.issuer, { method: "GET", target: `/connect/auth?${query}` });
  const location = String(answer.headers.location ?? "");
  const uid = /^\/connect\/interaction\/([^/?]+)$/.exec(location)?.[1];
  if (!uid) throw new Error(`no interaction: ${answer.status} ${location}`);
  const cookie = (answer.headers["set-cookie"] ?? []).map((line) => line.split(";")[0]).join("; ");
  return { uid, cookie };
}

/** The `state`s of the pending upstream logins (web and native) the broker holds. */
export async function pendingStates(world: FederatedWorld): Promise<string[]> {
  const rows = await world.prisma.oidcPayload.findMany({
    where: { type: "UpstreamFlow" },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** Native flow B up to the insurer: the JSON authorize leaves a pending upstream login. */
export async function startNativeLogins(world: FederatedWorld, count: number): Promise<void> {
  const mobile = await relyingParty(world, DEMO_MOBILE.clientId, "none");
  for (let i = 0; i < count; i += 1) {
    const { url } = await authorizationRequest(mobile, {
      redirectUri: APP_LINK,
      idp: world.idp("nord"),
      extra: { response_format: "json" },
    });
    const answer = await send(world.issuer, { method: "GET", target: url.pathname + url.search });
    if (answer.status !== 200) throw new Error(`JSON authorize: ${answer.status} ${answer.text}`);
  }
}

/** demo-web as a certified relying party sees it (for real logins in the token tests). */
export function webClient(world: FederatedWorld): Promise<client.Configuration> {
  return relyingParty(world, DEMO_WEB.clientId, { secret: DEMO_WEB.developmentSecret });
}
