/**
 * The clients of the scale-out tests: browser logins (a cookie jar and the testing
 * parameters of DESIGN.md §4, as apps/broker/test/support/federated-world.ts drives them),
 * refreshes, and the native flow B with the exchange API (apps/broker/test/mobile.int.test.ts),
 * as raw HTTP, so every answer can be judged: tokens, a clean OAuth error, the proxy's 502
 * for a request that was at a lost instance, or something dirty (a 5xx from a broker, an
 * answer that is no OAuth error, no answer in time). A flow never retries: what one request
 * came to is what the flow came to.
 *
 * The ledger sees every token a client was given and every code or refresh token it
 * redeemed, to prove that nothing was issued twice.
 */
import { createHash, randomBytes } from "node:crypto";
import { DEMO_MOBILE, DEMO_WEB } from "@lotse/db/seed";
import { PROXY_HEADER, TARGET_HEADER } from "./round-robin-proxy.js";

/** No request of a healthy (or failing) system takes this long: longer is a hang. */
export const REQUEST_TIMEOUT_MS = 15_000;

/** Anna Beispiel, insured at nord (docs/sandbox.md). */
const KVNR = "X110411675";
const WEB_REDIRECT = DEMO_WEB.redirectUris[1]; // http://localhost:3001/backend/callback
const APP_LINK = DEMO_MOBILE.redirectUris[0]; // http://localhost:8081/app/ce

/** The request was at an instance that is gone: the proxy's 502, or an answer cut off. */
export class Unreachable extends Error {
  constructor(
    readonly target: string | undefined,
    what: string,
  ) {
    super(`unreachable (target ${target ?? "?"}): ${what}`);
  }
}

/** A clean refusal: an OAuth error in a JSON body or a redirect. */
export class OAuthFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    what: string,
  ) {
    super(`${error} (${status}) at ${what}`);
  }
}

/** What must never happen: a 5xx from a broker, an answer that is no OAuth error, a hang. */
export class Dirty extends Error {}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The proxy's target that served it, if it went through the proxy. */
  target?: string;
  what: string;
}

export interface FlowContext {
  issuer: string;
  sandboxUrl: string;
  ledger: Ledger;
}

/** One HTTP request; throws Unreachable or Dirty for what no flow can go on from. */
export async function send(url: string | URL, init: RequestInit = {}): Promise<Answer> {
  const what = `${init.method ?? "GET"} ${new URL(url).pathname}`;
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new Dirty(`${what}: no answer (${(error as Error).name}: ${(error as Error).message})`);
  }
  const target = response.headers.get(TARGET_HEADER) ?? undefined;
  if (response.status === 502 && response.headers.get(PROXY_HEADER))
    throw new Unreachable(target, what);
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    // The proxy had begun to pass on an answer when its instance went away.
    if (target !== undefined) throw new Unreachable(target, `${what}: answer cut off`);
    throw new Dirty(`${what}: answer cut off (${(error as Error).message})`);
  }
  return { status: response.status, headers: response.headers, text, target, what };
}

function oauthError(answer: Answer): { error?: string } | undefined {
  try {
    const body = JSON.parse(answer.text) as unknown;
    return body && typeof body === "object" ? (body as { error?: string }) : undefined;
  } catch {
    return undefined;
  }
}

/** An answer with one of the expected statuses; otherwise the OAuth error it is, or Dirty. */
export function expectStatus(answer: Answer, ...statuses: number[]): Answer {
  if (statuses.includes(answer.status)) return answer;
  const from = answer.target === undefined ? "" : ` from target ${answer.target}`;
  const error = oauthError(answer)?.error;
  if (answer.status >= 400 && answer.status < 500 && typeof error === "string")
    throw new OAuthFailure(answer.status, error, answer.what);
  throw new Dirty(`${answer.what}: ${answer.status}${from}: ${answer.text.slice(0, 300)}`);
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

/** Every token handed out and every code or refresh token redeemed with success. */
export class Ledger {
  readonly issued = new Map<string, number>();
  readonly redeemed = new Map<string, number>();

  success(redeemed: string, tokens: Tokens): void {
    this.redeemed.set(redeemed, (this.redeemed.get(redeemed) ?? 0) + 1);
    // Not the ID token: it has no jti, so two refreshes of one grant within a second sign the
    // same claims and may well be the same string.
    for (const value of [tokens.access_token, tokens.refresh_token])
      if (value) this.issued.set(value, (this.issued.get(value) ?? 0) + 1);
  }

  /** Codes or refresh tokens redeemed more than once, tokens handed out more than once. */
  twice(): { redeemed: number; issued: number } {
    const over = (map: Map<string, number>) => [...map.values()].filter((n) => n > 1).length;
    return { redeemed: over(this.redeemed), issued: over(this.issued) };
  }
}

/**
 * Just enough of a browser: cookies per origin and path (as a browser keeps them, the
 * broker's apart from the sandbox's), redirects followed by the caller.
 */
class Browser {
  readonly #cookies = new Map<
    string,
    { origin: string; path: string; name: string; value: string }
  >();

  async get(url: URL): Promise<Answer> {
    const cookie = [...this.#cookies.values()]
      .filter(
        (c) =>
          c.origin === url.origin &&
          (url.pathname === c.path ||
            url.pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`)),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
    const answer = await send(url, { headers: cookie ? { cookie } : {} });
    for (const header of answer.headers.getSetCookie()) this.#store(url.origin, header);
    return answer;
  }

  #store(origin: string, header: string): void {
    const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
    const index = pair.indexOf("=");
    const name = pair.slice(0, index);
    const value = pair.slice(index + 1);
    const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) || "/";
    const key = `${origin} ${path} ${name}`;
    const expired =
      attributes.some((a) => /^expires=thu, 01 jan 1970/i.test(a)) ||
      attributes.some((a) => /^max-age=(0|-\d+)$/i.test(a));
    if (expired || !value) this.#cookies.delete(key);
    else this.#cookies.set(key, { origin, path, name, value });
  }

  /** Follows redirects from `url` until one leaves for `until` (an app's redirect URI). */
  async follow(url: URL, until: string): Promise<URL> {
    for (let hops = 0; hops < 20; hops += 1) {
      const answer = expectStatus(await this.get(url), 302, 303);
      const next = new URL(answer.headers.get("location") ?? "", url);
      if (next.origin === new URL(until).origin) return next;
      url = next;
    }
    throw new Dirty(`too many redirects from ${url.pathname}`);
  }
}

const base64url = (bytes: Buffer) => bytes.toString("base64url");

function authorizationRequest(
  context: FlowContext,
  clientId: string,
  redirectUri: string,
  extra: Record<string, string> = {},
) {
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const url = new URL("/connect/auth", context.issuer);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    redirect_uri: redirectUri,
    scope: "openid offline_access urn:telematik:versicherter",
    code_challenge: base64url(createHash("sha256").update(verifier).digest()),
    code_challenge_method: "S256",
    state,
    nonce: base64url(randomBytes(16)),
    provider: `${context.sandboxUrl}/idp/nord`,
    gematik_enable_testing: "true",
    gematik_login_user: KVNR,
    ...extra,
  }).toString();
  return { url, verifier, state };
}

/** The code an app got back, or the OAuth error it got instead. */
function codeOf(callback: URL, state: string): string {
  const error = callback.searchParams.get("error");
  if (error) throw new OAuthFailure(0, error, `redirect to ${callback.pathname}`);
  if (callback.searchParams.get("state") !== state)
    throw new Dirty(`the app got another state back (${callback.pathname})`);
  const code = callback.searchParams.get("code");
  if (!code) throw new Dirty(`no code in the redirect to ${callback.pathname}`);
  return code;
}

function tokenRequest(context: FlowContext, clientId: string, parameters: Record<string, string>) {
  const confidential = clientId === DEMO_WEB.clientId;
  return send(new URL("/connect/token", context.issuer), {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(confidential
        ? {
            authorization: `Basic ${Buffer.from(`${clientId}:${DEMO_WEB.developmentSecret}`).toString("base64")}`,
          }
        : {}),
    },
    body: new URLSearchParams({
      ...parameters,
      ...(confidential ? {} : { client_id: clientId }),
    }).toString(),
  });
}

export function tokensOf(answer: Answer): Tokens {
  const tokens = JSON.parse(answer.text) as Tokens;
  if (!tokens.access_token) throw new Dirty(`${answer.what}: 200 without an access token`);
  return tokens;
}

/**
 * Sends the same request twice at once (through the proxy: to both instances) and returns
 * the winning answers. Unless one of them was at a lost instance, exactly one wins and the
 * other is `invalid_grant`; two winners are returned, for the ledger to count.
 */
async function race(request: () => Promise<Answer>, winStatus: number): Promise<Answer[]> {
  const settled = await Promise.allSettled([request(), request()]);
  const wins: Answer[] = [];
  let unreachable: Unreachable | undefined;
  for (const result of settled) {
    if (result.status === "rejected") {
      if (!(result.reason instanceof Unreachable)) throw result.reason;
      unreachable = result.reason;
    } else if (result.value.status === winStatus) {
      wins.push(result.value);
    } else {
      try {
        expectStatus(result.value, winStatus);
      } catch (error) {
        // The loser of the race: the one refusal that is right here.
        if (!(error instanceof OAuthFailure && error.error === "invalid_grant")) throw error;
      }
    }
  }
  if (wins.length > 0) return wins;
  if (unreachable) throw unreachable;
  throw new Dirty(
    `both of two racing ${settled[0].status === "fulfilled" ? settled[0].value.what : "requests"} lost`,
  );
}

/** `race` at the token endpoint for one code or refresh token: every win goes into the ledger. */
async function redeemRacing(
  context: FlowContext,
  clientId: string,
  redeemed: string,
  parameters: Record<string, string>,
): Promise<Tokens> {
  const wins = await race(() => tokenRequest(context, clientId, parameters), 200);
  const tokens = wins.map(tokensOf);
  for (const each of tokens) context.ledger.success(redeemed, each);
  return tokens[0]!;
}

/** A web login of demo-web (confidential) through the sandbox, and the code redeemed once. */
export async function webLogin(context: FlowContext): Promise<Tokens> {
  const { url, verifier, state } = authorizationRequest(context, DEMO_WEB.clientId, WEB_REDIRECT);
  const browser = new Browser();
  const code = codeOf(await browser.follow(url, WEB_REDIRECT), state);
  const answer = expectStatus(
    await tokenRequest(context, DEMO_WEB.clientId, {
      grant_type: "authorization_code",
      code,
      redirect_uri: WEB_REDIRECT,
      code_verifier: verifier,
    }),
    200,
  );
  const tokens = tokensOf(answer);
  context.ledger.success(code, tokens);
  return tokens;
}

/** The refresh request of demo-web's grant, whatever it comes to. */
export function refreshRequest(context: FlowContext, refreshToken: string): Promise<Answer> {
  return tokenRequest(context, DEMO_WEB.clientId, {
    grant_type: "refresh_token",
    refresh_token: refreshToken,
  });
}

/** One refresh of demo-web's grant (the refresh token rotates). */
export async function refresh(context: FlowContext, refreshToken: string): Promise<Tokens> {
  const tokens = tokensOf(expectStatus(await refreshRequest(context, refreshToken), 200));
  context.ledger.success(refreshToken, tokens);
  return tokens;
}

/** The same refresh sent twice at once: exactly one may rotate the token. */
export function refreshRacing(context: FlowContext, refreshToken: string): Promise<Tokens> {
  return redeemRacing(context, DEMO_WEB.clientId, refreshToken, {
    grant_type: "refresh_token",
    refresh_token: refreshToken,
  });
}

/**
 * Flow B of demo-mobile (public, native): JSON authorize, the insurer returning to the App
 * Link, then the exchange sent twice at once and the broker code redeemed twice at once:
 * each time exactly one may win.
 */
export async function mobileLogin(context: FlowContext): Promise<Tokens> {
  const { url, verifier, state } = authorizationRequest(context, DEMO_MOBILE.clientId, APP_LINK, {
    response_format: "json",
  });
  const authorize = expectStatus(await send(url), 200);
  const upstream = new URL((JSON.parse(authorize.text) as { url: string }).url);
  const deepLink = await new Browser().follow(upstream, APP_LINK);
  const exchanges = await race(
    () =>
      send(new URL("/oidcf/exchange/mobile", context.issuer), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ clientId: DEMO_MOBILE.clientId, redirectUrl: deepLink.href }),
      }),
    200,
  );
  // An upstream answer exchanged twice would be one login finished twice.
  context.ledger.redeemed.set(`exchange ${deepLink.href}`, exchanges.length);
  const redirectUrl = new URL(
    (JSON.parse(exchanges[0]!.text) as { redirectUrl: string }).redirectUrl,
  );
  const code = codeOf(redirectUrl, state);
  return redeemRacing(context, DEMO_MOBILE.clientId, code, {
    grant_type: "authorization_code",
    code,
    redirect_uri: APP_LINK,
    code_verifier: verifier,
  });
}

export type FlowKind = "web login" | "mobile login" | "refresh chain";

export interface FlowRecord {
  kind: FlowKind;
  startedAt: number;
  endedAt: number;
  outcome: "tokens" | "failed cleanly" | "dirty";
  /** Set when the flow ended on a request that was at a lost instance. */
  unreachableTarget?: string;
  /** The clean OAuth error or the dirty thing. */
  detail?: string;
}

/** Runs one flow and records what it came to; never throws. */
export async function recordFlow(
  kind: FlowKind,
  flow: () => Promise<unknown>,
  records: FlowRecord[],
): Promise<FlowRecord> {
  const startedAt = Date.now();
  const record: FlowRecord = { kind, startedAt, endedAt: startedAt, outcome: "tokens" };
  try {
    await flow();
  } catch (error) {
    if (error instanceof Unreachable) {
      record.outcome = "failed cleanly";
      record.unreachableTarget = error.target;
    } else if (error instanceof OAuthFailure) {
      record.outcome = "failed cleanly";
    } else {
      record.outcome = "dirty";
    }
    record.detail = (error as Error).message;
  }
  record.endedAt = Date.now();
  records.push(record);
  return record;
}
