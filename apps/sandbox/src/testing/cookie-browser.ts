interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/**
 * Just enough of a browser for protocol tests: a cookie jar (name + path, one host) and
 * manual redirect following. oidc-provider ties an interaction to the browser by
 * cookies, as any IDP does, so an HTTP-only test must carry them.
 */
export class CookieBrowser {
  readonly #cookies: StoredCookie[] = [];

  /** Every cookie held, for tests that look for a value where it must not be. */
  cookies(): { name: string; value: string }[] {
    return this.#cookies.map(({ name, value }) => ({ name, value }));
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const { pathname } = new URL(url);
    const cookie = this.#cookies
      .filter(
        (c) =>
          pathname === c.path || pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
    const headers = new Headers(init.headers);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const header of response.headers.getSetCookie()) this.#store(header);
    return response;
  }

  /**
   * Follows redirects from `url` until one leaves the `origin` (e.g. lands at the broker's
   * redirect URI) or a page answers; returns that last response, its URL and where it points.
   */
  async follow(
    url: string,
    origin: string,
    init: RequestInit = {},
  ): Promise<{ response: Response; location: URL | undefined; url: string }> {
    let response = await this.fetch(url, init);
    for (let hops = 0; hops < 10; hops += 1) {
      const location = response.headers.get("location");
      if (!location) return { response, location: undefined, url };
      const next = new URL(location, url);
      if (next.origin !== origin) return { response, location: next, url };
      url = next.href;
      response = await this.fetch(url);
    }
    throw new Error("too many redirects");
  }

  #store(header: string): void {
    const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
    const index = pair.indexOf("=");
    const name = pair.slice(0, index);
    const value = pair.slice(index + 1);
    const pathAttribute = attributes.find((a) => a.toLowerCase().startsWith("path="));
    const path = pathAttribute ? pathAttribute.slice(5) : "/";
    const expired =
      attributes.some((a) => /^expires=thu, 01 jan 1970/i.test(a)) ||
      /^max-age=0$/i.test(attributes.find((a) => /^max-age=/i.test(a)) ?? "");
    const existing = this.#cookies.findIndex((c) => c.name === name && c.path === path);
    if (existing >= 0) this.#cookies.splice(existing, 1);
    if (!expired) this.#cookies.push({ name, value, path });
  }
}
