/**
 * A relying party as a certified client library does it (openid-client v6): discovery,
 * PKCE S256, state and nonce, code exchange. The browser part is plain fetch with a
 * cookie jar, following the broker's redirects until it hands back to the redirect URI.
 */
import * as client from "openid-client";
import type { TestBroker, TestLogin } from "./test-broker.js";

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

export async function relyingParty(
  broker: Pick<TestBroker, "issuer">,
  clientId: string,
  auth: { secret: string; method?: "basic" | "post" } | "none",
): Promise<client.Configuration> {
  const clientAuth =
    auth === "none"
      ? client.None()
      : auth.method === "post"
        ? client.ClientSecretPost(auth.secret)
        : client.ClientSecretBasic(auth.secret);
  return client.discovery(new URL(broker.issuer), clientId, undefined, clientAuth, {
    execute: [client.allowInsecureRequests],
  });
}

/** Follows the broker's redirects from `start`; returns the final Location (or the last response). */
export async function browse(
  broker: TestBroker,
  start: URL,
  jar = new CookieJar(),
): Promise<{ location?: URL; response: Response }> {
  let url = start;
  for (let hops = 0; hops < 10; hops++) {
    const response = await fetch(url, { redirect: "manual", headers: { cookie: jar.header() } });
    jar.store(response);
    const location = response.headers.get("location");
    if (!location) return { response };
    const next = new URL(location, url);
    if (next.origin !== broker.issuer) return { location: next, response };
    url = next;
  }
  throw new Error("too many redirects");
}

export interface AuthorizeOptions {
  redirectUri: string;
  scope?: string;
  login: TestLogin;
  extra?: Record<string, string>;
  jar?: CookieJar;
  par?: boolean;
}

/** Runs the authorization request; returns the callback URL and the checks for the code grant. */
export async function authorize(
  broker: TestBroker,
  config: client.Configuration,
  options: AuthorizeOptions,
) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  broker.logins.set(state, options.login);
  const parameters = {
    redirect_uri: options.redirectUri,
    scope: options.scope ?? "openid",
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...options.extra,
  };
  const url = options.par
    ? await client.buildAuthorizationUrlWithPAR(config, parameters)
    : client.buildAuthorizationUrl(config, parameters);
  const { location } = await browse(broker, url, options.jar);
  if (!location) throw new Error("the broker did not redirect back to the application");
  return {
    callback: location,
    checks: { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce },
  };
}

/** The whole code flow: authorize, then redeem the code at the token endpoint. */
export async function login(
  broker: TestBroker,
  config: client.Configuration,
  options: AuthorizeOptions,
) {
  const { callback, checks } = await authorize(broker, config, options);
  const tokens = await client.authorizationCodeGrant(config, callback, checks);
  return { tokens, claims: tokens.claims()!, callback, checks };
}
