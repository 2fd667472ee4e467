/**
 * The bench's HTTP client: Node's own `http` with one keep-alive agent, so the load
 * generator costs as little CPU as possible (the machine it shares with the servers has two
 * cores) and needs no dependency. A small cookie jar carries the browser part of a login
 * through broker and sandbox, as apps/sandbox/src/testing/cookie-browser.ts does for tests.
 */
import http from "node:http";

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Send {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One agent for the whole run: keep-alive, enough sockets for every worker. */
export function createAgent(sockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
}

export function send(agent: http.Agent, url: string | URL, init: Send = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        agent,
        method: init.method ?? "GET",
        headers: {
          ...init.headers,
          ...(init.body !== undefined ? { "content-length": Buffer.byteLength(init.body) } : {}),
        },
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error("timed out after 30 s")));
    request.on("error", reject);
    request.end(init.body);
  });
}

/** A form POST, as OAuth clients send to the token, introspection and CIBA endpoints. */
export function postForm(
  agent: http.Agent,
  url: string,
  form: Record<string, string>,
  basic?: { id: string; secret: string },
): Promise<Answer> {
  return send(agent, url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(basic
        ? {
            authorization: `Basic ${Buffer.from(
              `${encodeURIComponent(basic.id)}:${encodeURIComponent(basic.secret)}`,
            ).toString("base64")}`,
          }
        : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
}

export function json<T>(answer: Answer, what: string): T {
  if (answer.status < 200 || answer.status >= 300)
    throw new Error(`${what}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
  return JSON.parse(answer.body) as T;
}

interface StoredCookie {
  host: string;
  name: string;
  value: string;
  path: string;
}

/**
 * Cookies by host and path, as a browser keeps them (a browser shares cookies of one host
 * across ports, so broker and sandbox on localhost see each other's by path rules only).
 */
export class CookieJar {
  readonly #cookies: StoredCookie[] = [];

  header(url: URL): string | undefined {
    const matching = this.#cookies.filter(
      (c) =>
        c.host === url.hostname &&
        (url.pathname === c.path ||
          url.pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`)),
    );
    return matching.length ? matching.map((c) => `${c.name}=${c.value}`).join("; ") : undefined;
  }

  store(url: URL, headers: http.IncomingHttpHeaders): void {
    for (const line of headers["set-cookie"] ?? []) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const index = pair.indexOf("=");
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      const pathAttribute = attributes.find((a) => a.toLowerCase().startsWith("path="));
      const path = pathAttribute ? pathAttribute.slice(5) : "/";
      const expired =
        attributes.some((a) => /^expires=thu, 01 jan 1970/i.test(a)) ||
        attributes.some((a) => /^max-age=0$/i.test(a));
      const existing = this.#cookies.findIndex(
        (c) => c.host === url.hostname && c.name === name && c.path === path,
      );
      if (existing >= 0) this.#cookies.splice(existing, 1);
      if (!expired) this.#cookies.push({ host: url.hostname, name, value, path });
    }
  }
}

/**
 * Follows redirects as a browser does (cookies kept, every hop a GET) until one points
 * outside `inside` (the app's redirect URI, which is not fetched) or a page answers.
 */
export async function followRedirects(
  agent: http.Agent,
  start: URL,
  inside: Set<string>,
  jar = new CookieJar(),
): Promise<URL> {
  let url = start;
  for (let hop = 0; hop < 20; hop += 1) {
    const cookie = jar.header(url);
    const answer = await send(agent, url, { headers: cookie ? { cookie } : {} });
    jar.store(url, answer.headers);
    const location = answer.headers.location;
    if (!location || answer.status < 300 || answer.status >= 400)
      throw new Error(`the login stopped at ${url.pathname} (HTTP ${answer.status})`);
    const next = new URL(location, url);
    if (!inside.has(next.origin)) return next;
    url = next;
  }
  throw new Error("too many redirects");
}
