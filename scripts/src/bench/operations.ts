/**
 * The operations `pnpm bench` measures, each against a target (the bare peer or Lotse),
 * written once against the discovery document so both run the same client code. Each has
 * a `prepare` (not timed: logins for the tokens it needs, a pool of CIBA requests) and an
 * `iteration` (timed).
 */
import { createHash, randomBytes } from "node:crypto";
import type http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { followRedirects, json, postForm, send, type Answer } from "./http-client.js";
import type { StepTimer } from "./load.js";

export interface Target {
  name: "peer" | "lotse";
  issuer: string;
  client: { id: string; secret: string; redirectUri: string };
  scope: string;
  /** Authorization parameters of a login: Lotse's IDP choice and testing parameters. */
  loginParams: Record<string, string>;
  /** Origins a login's redirects stay within (the rest is the app's redirect URI). */
  inside: Set<string>;
  /** Lotse only: the native flow (demo-mobile), the token exchange audience, CIBA. */
  mobile?: { clientId: string; redirectUri: string; params: Record<string, string> };
  exchangeAudience?: string;
  cibaParams: Record<string, string>;
  agent: http.Agent;
  discovery?: Discovery;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint: string;
  introspection_endpoint: string;
  backchannel_authentication_endpoint?: string;
}

interface Tokens {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

export interface Operation {
  name: string;
  /** What the peer column measures when it is another operation than Lotse's. */
  peerNote?: string;
  /** Undefined: the target does not do this operation. */
  forTarget(target: Target):
    | {
        prepare: (workers: number) => Promise<unknown[]>;
        iteration: (state: never, timer: StepTimer) => Promise<void>;
      }
    | undefined;
}

const b64url = (bytes: Buffer) => bytes.toString("base64url");

export async function discover(target: Target): Promise<Discovery> {
  target.discovery ??= json<Discovery>(
    await send(target.agent, `${target.issuer}/.well-known/openid-configuration`),
    "discovery",
  );
  return target.discovery;
}

const basic = (target: Target) => ({ id: target.client.id, secret: target.client.secret });

function expectStatus(answer: Answer, status: number | ((s: number) => boolean), what: string) {
  const ok = typeof status === "number" ? answer.status === status : status(answer.status);
  if (!ok) throw new Error(`${what}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
}

function authorizationUrl(
  endpoint: string,
  params: Record<string, string>,
): { url: URL; verifier: string } {
  const verifier = b64url(randomBytes(32));
  const url = new URL(endpoint);
  for (const [key, value] of Object.entries({
    response_type: "code",
    state: b64url(randomBytes(16)),
    nonce: b64url(randomBytes(16)),
    code_challenge: b64url(createHash("sha256").update(verifier).digest()),
    code_challenge_method: "S256",
    ...params,
  }))
    url.searchParams.set(key, value);
  return { url, verifier };
}

/** authorize → (insurer) → code → token, every redirect followed with a cookie jar. */
export async function login(target: Target): Promise<Tokens> {
  const discovery = await discover(target);
  const { url, verifier } = authorizationUrl(discovery.authorization_endpoint, {
    client_id: target.client.id,
    redirect_uri: target.client.redirectUri,
    scope: target.scope,
    ...target.loginParams,
  });
  const callback = await followRedirects(target.agent, url, target.inside);
  const code = callback.searchParams.get("code");
  if (!code) throw new Error(`login ended without a code: ${callback.search.slice(0, 200)}`);
  return json<Tokens>(
    await postForm(
      target.agent,
      discovery.token_endpoint,
      {
        grant_type: "authorization_code",
        code,
        redirect_uri: target.client.redirectUri,
        code_verifier: verifier,
      },
      basic(target),
    ),
    "token",
  );
}

const loggedInWorkers = (target: Target) => (workers: number) =>
  Promise.all(Array.from({ length: workers }, () => login(target)));

function simple(
  prepare: (target: Target) => (workers: number) => Promise<unknown[]>,
  iteration: (target: Target, state: never, timer: StepTimer) => Promise<void>,
): Operation["forTarget"] {
  return (target) => ({
    prepare: prepare(target),
    iteration: (state, timer) => iteration(target, state, timer),
  });
}

const nothing = () => (workers: number) =>
  Promise.resolve(Array.from({ length: workers }, () => ({})));

export const OPERATIONS: Operation[] = [
  {
    name: "discovery",
    forTarget: simple(nothing, async (target) => {
      expectStatus(
        await send(target.agent, `${target.issuer}/.well-known/openid-configuration`),
        200,
        "discovery",
      );
    }),
  },
  {
    name: "jwks",
    forTarget: simple(nothing, async (target) => {
      const { jwks_uri } = await discover(target);
      expectStatus(await send(target.agent, jwks_uri), 200, "jwks");
    }),
  },
  {
    name: "authorize (first hop)",
    forTarget: simple(nothing, async (target) => {
      const { authorization_endpoint } = await discover(target);
      const { url } = authorizationUrl(authorization_endpoint, {
        client_id: target.client.id,
        redirect_uri: target.client.redirectUri,
        scope: target.scope,
      });
      expectStatus(await send(target.agent, url), (s) => s === 302 || s === 303, "authorize");
    }),
  },
  {
    name: "full login",
    forTarget: simple(nothing, async (target) => {
      await login(target);
    }),
  },
  {
    name: "refresh_token grant",
    forTarget: simple(loggedInWorkers, async (target, state: Tokens) => {
      const { token_endpoint } = await discover(target);
      const fresh = json<Tokens>(
        await postForm(
          target.agent,
          token_endpoint,
          { grant_type: "refresh_token", refresh_token: state.refresh_token! },
          basic(target),
        ),
        "refresh",
      );
      // Rotation: the next iteration uses the new one (the old one is consumed).
      Object.assign(state, fresh);
    }),
  },
  {
    name: "introspection",
    forTarget: simple(loggedInWorkers, async (target, state: Tokens) => {
      const { introspection_endpoint } = await discover(target);
      const answer = json<{ active: boolean }>(
        await postForm(
          target.agent,
          introspection_endpoint,
          { token: state.access_token },
          basic(target),
        ),
        "introspection",
      );
      if (!answer.active) throw new Error("introspection: token not active");
    }),
  },
  {
    name: "userinfo",
    forTarget: simple(loggedInWorkers, async (target, state: Tokens) => {
      const { userinfo_endpoint } = await discover(target);
      expectStatus(
        await send(target.agent, userinfo_endpoint, {
          headers: { authorization: `Bearer ${state.access_token}` },
        }),
        200,
        "userinfo",
      );
    }),
  },
  {
    name: "JSON authorize (mobile)",
    peerNote: "peer: plain authorize",
    forTarget: (target) => {
      const mobile = target.mobile;
      if (!mobile)
        return OPERATIONS.find((op) => op.name === "authorize (first hop)")!.forTarget(target);
      return {
        prepare: nothing(),
        iteration: async () => {
          const { authorization_endpoint } = await discover(target);
          const { url } = authorizationUrl(authorization_endpoint, {
            client_id: mobile.clientId,
            redirect_uri: mobile.redirectUri,
            scope: "openid urn:telematik:versicherter",
            response_format: "json",
            ...mobile.params,
          });
          json<{ url: string }>(await send(target.agent, url), "JSON authorize");
        },
      };
    },
  },
  {
    name: "mobile login (JSON authorize → insurer → exchange → token)",
    peerNote: "peer: full login",
    forTarget: (target) => {
      const mobile = target.mobile;
      if (!mobile) return OPERATIONS.find((op) => op.name === "full login")!.forTarget(target);
      return {
        prepare: nothing(),
        iteration: async (_state, timer) => {
          const { authorization_endpoint, token_endpoint } = await discover(target);
          const { url, verifier } = authorizationUrl(authorization_endpoint, {
            client_id: mobile.clientId,
            redirect_uri: mobile.redirectUri,
            scope: "openid urn:telematik:versicherter",
            response_format: "json",
            ...mobile.params,
          });
          const upstream = await timer.step("JSON authorize", async () =>
            json<{ url: string }>(await send(target.agent, url), "JSON authorize"),
          );
          const deepLink = await followRedirects(
            target.agent,
            new URL(upstream.url),
            target.inside,
          );
          const exchanged = await timer.step("exchange", async () =>
            json<{ redirectUrl: string }>(
              await send(target.agent, `${target.issuer}/oidcf/exchange/mobile`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({
                  clientId: mobile.clientId,
                  code: deepLink.searchParams.get("code"),
                  state: deepLink.searchParams.get("state"),
                }),
              }),
              "exchange",
            ),
          );
          const code = new URL(exchanged.redirectUrl).searchParams.get("code");
          json<Tokens>(
            await postForm(target.agent, token_endpoint, {
              grant_type: "authorization_code",
              client_id: mobile.clientId,
              code: code ?? "",
              redirect_uri: mobile.redirectUri,
              code_verifier: verifier,
            }),
            "token (mobile)",
          );
        },
      };
    },
  },
  {
    name: "token exchange (RFC 8693)",
    peerNote: "peer: none (not in oidc-provider)",
    forTarget: (target) => {
      const audience = target.exchangeAudience;
      if (!audience) return undefined;
      return {
        prepare: loggedInWorkers(target),
        iteration: async (state: Tokens) => {
          const { token_endpoint } = await discover(target);
          json<Tokens>(
            await postForm(
              target.agent,
              token_endpoint,
              {
                grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
                subject_token: state.access_token,
                subject_token_type: "urn:ietf:params:oauth:token-type:access_token",
                audience,
              },
              basic(target),
            ),
            "token exchange",
          );
        },
      };
    },
  },
];

/**
 * CIBA poll (CIBA Core §7.3): answered `authorization_pending` while the person has not
 * confirmed. Polling one request faster than its interval is `slow_down` at Lotse, so the
 * bench keeps a pool of pending requests and polls each only when its interval is over: the
 * rate is then capped at pool / interval, and the report says when a row reached that cap.
 */
export function cibaOperation(pool: number): Operation & { cap: (interval: number) => number } {
  return {
    name: "CIBA poll (authorization_pending)",
    cap: (interval) => pool / interval,
    forTarget: (target) => ({
      prepare: async (workers) => {
        const discovery = await discover(target);
        const endpoint = discovery.backchannel_authentication_endpoint;
        if (!endpoint) throw new Error("no CIBA endpoint in discovery");
        const queue: { id: string; due: number; interval: number }[] = [];
        let next = 0;
        await Promise.all(
          Array.from({ length: workers }, async () => {
            while (next < pool) {
              next += 1;
              const started = json<{ auth_req_id: string; interval?: number }>(
                await postForm(target.agent, endpoint, target.cibaParams, basic(target)),
                "CIBA request",
              );
              const interval = started.interval ?? 5;
              queue.push({
                id: started.auth_req_id,
                interval,
                due: Date.now() + interval * 1000 + 200,
              });
            }
          }),
        );
        queue.sort((a, b) => a.due - b.due);
        // The timed part starts when the first request may be polled.
        await sleep(Math.max(0, queue[0]!.due - Date.now()));
        const shared = { queue, tokenEndpoint: discovery.token_endpoint };
        return Array.from({ length: workers }, () => shared);
      },
      iteration: async (
        shared: { queue: { id: string; due: number; interval: number }[]; tokenEndpoint: string },
        timer: StepTimer,
      ) => {
        const item = shared.queue.shift();
        if (!item) throw new Error("CIBA pool empty");
        const wait = item.due - Date.now();
        if (wait > 0) await sleep(wait);
        const answer = await timer.step("poll", () =>
          postForm(
            target.agent,
            shared.tokenEndpoint,
            { grant_type: "urn:openid:params:grant-type:ciba", auth_req_id: item.id },
            basic(target),
          ),
        );
        item.due = Date.now() + item.interval * 1000 + 200;
        shared.queue.push(item);
        if (answer.status !== 400 || !answer.body.includes("authorization_pending"))
          throw new Error(`CIBA poll: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
      },
    }),
  };
}
