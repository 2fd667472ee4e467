import { describe, expect, it } from "vitest";
import { endSessionUrl } from "./end-session";

describe("endSessionUrl", () => {
  it("carries id_token_hint, client_id and the post-logout redirect URI", () => {
    const url = new URL(
      endSessionUrl({
        endSessionEndpoint: "http://localhost:4000/connect/endsession",
        clientId: "demo-web",
        idToken: "h.p.s",
        postLogoutRedirectUri: "http://localhost:3001/",
      }),
    );
    expect(url.origin + url.pathname).toBe("http://localhost:4000/connect/endsession");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      id_token_hint: "h.p.s",
      client_id: "demo-web",
      post_logout_redirect_uri: "http://localhost:3001/",
    });
  });

  it("works without an ID token (the broker then asks the person)", () => {
    const url = new URL(
      endSessionUrl({
        endSessionEndpoint: "http://localhost:4000/connect/endsession",
        clientId: "demo-web",
        idToken: undefined,
        postLogoutRedirectUri: "http://localhost:3001/",
      }),
    );
    expect(url.searchParams.has("id_token_hint")).toBe(false);
  });
});
