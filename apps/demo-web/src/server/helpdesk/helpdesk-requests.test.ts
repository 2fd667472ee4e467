/**
 * The help desk's CIBA flows against a fake broker behind a stubbed fetch: what openid-client
 * sends to the backchannel authentication and token endpoints, and how ping mode waits for
 * the notification before its one token request.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HelpdeskStatus } from "~/lib/helpdesk/status";
import { POST as notify } from "~/app/helpdesk/ciba/notify/route";
import { acceptNotification, startHelpdeskRequest } from "./helpdesk-requests";
import { findRequest } from "./request-store";

const ISSUER = "http://localhost:4000";
const insurer = {
  issuer: "http://localhost:4100/idp/nord",
  organizationName: "Sandbox Kasse Nord",
};
const input = { kvnr: "X110411675", insurer: insurer.issuer, bindingMessage: "4711" };

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** Not signed for real: openid-client checks the signature only with non-repudiation on. */
function idToken(clientId: string): string {
  const now = Math.floor(Date.now() / 1000);
  return [
    base64url({ alg: "RS256", typ: "JWT" }),
    base64url({
      iss: ISSUER,
      aud: clientId,
      sub: "pairwise",
      iat: now,
      exp: now + 300,
      auth_time: now - 5,
      acr: "gematik-ehealth-loa-high",
      "urn:telematik:claims:id": "X110411675",
      "urn:telematik:claims:display_name": "Erika Mustermann",
    }),
    "c2lnbmF0dXJl",
  ].join(".");
}

function basicCredentials(authorization: string | null): string[] {
  const encoded = /^Basic (.+)$/.exec(authorization ?? "")?.[1] ?? "";
  return Buffer.from(encoded, "base64").toString().split(":").map(decodeURIComponent);
}

interface Seen {
  url: string;
  authorization: string | null;
  body: URLSearchParams;
}

function fakeBroker(tokenAnswers: (() => Response)[]) {
  const seen: Seen[] = [];
  const fetchMock = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const href = String(url instanceof Request ? url.url : url);
    const headers = new Headers(init?.headers);
    const body = new URLSearchParams(
      init?.body instanceof URLSearchParams || typeof init?.body === "string"
        ? init.body
        : undefined,
    );
    seen.push({ url: href, authorization: headers.get("authorization"), body });
    if (href === `${ISSUER}/.well-known/openid-configuration`) {
      return Response.json({
        issuer: ISSUER,
        token_endpoint: `${ISSUER}/connect/token`,
        backchannel_authentication_endpoint: `${ISSUER}/connect/ciba`,
        backchannel_token_delivery_modes_supported: ["poll", "ping"],
        id_token_signing_alg_values_supported: ["RS256", "ES256"],
      });
    }
    if (href === `${ISSUER}/connect/ciba`) {
      return Response.json({ auth_req_id: "req-1", expires_in: 120, interval: 1 });
    }
    if (href === `${ISSUER}/connect/token`) {
      const answer = tokenAnswers.shift();
      if (!answer) throw new Error("unexpected token request");
      return answer();
    }
    throw new Error(`unexpected request to ${href}`);
  });
  vi.stubGlobal("fetch", fetchMock);
  return seen;
}

const pending = () => Response.json({ error: "authorization_pending" }, { status: 400 });
const tokens = (clientId: string) => () =>
  Response.json({
    access_token: "at",
    token_type: "Bearer",
    expires_in: 300,
    id_token: idToken(clientId),
  });

async function statusOf(id: string): Promise<HelpdeskStatus> {
  await vi.waitFor(() => expect(findRequest(id)?.status.state).not.toBe("waiting"), {
    timeout: 5000,
  });
  return findRequest(id)!.status;
}

beforeEach(() => vi.spyOn(console, "error").mockImplementation(() => undefined));
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("poll mode", () => {
  it("initiates as demo-web and polls the CIBA grant until the tokens come", async () => {
    const seen = fakeBroker([pending, tokens("demo-web")]);
    const { id, status } = await startHelpdeskRequest({ ...input, mode: "poll" }, insurer);
    expect(status).toMatchObject({ state: "waiting", mode: "poll", bindingMessage: "4711" });

    expect(await statusOf(id)).toEqual({
      state: "verified",
      mode: "poll",
      identity: expect.objectContaining({
        displayName: "Erika Mustermann",
        kvnrMasked: "••••••1675",
        insurer: "Sandbox Kasse Nord",
      }),
    });
    const ciba = seen.find((request) => request.url.endsWith("/connect/ciba"))!;
    expect(Object.fromEntries(ciba.body)).toEqual({
      client_id: "demo-web",
      scope: "openid urn:telematik:versicherter urn:telematik:display_name",
      login_hint: "X110411675",
      binding_message: "4711",
      provider: insurer.issuer,
    });
    // client_secret_basic, form-encoded first as RFC 6749 §2.3.1 says ("-" becomes %2D).
    expect(basicCredentials(ciba.authorization)).toEqual(["demo-web", "demo-web-secret"]);
    const tokenRequests = seen.filter((request) => request.url.endsWith("/connect/token"));
    expect(tokenRequests).toHaveLength(2);
    expect(Object.fromEntries(tokenRequests[0]!.body)).toMatchObject({
      grant_type: "urn:openid:params:grant-type:ciba",
      auth_req_id: "req-1",
    });
  }, 10_000);

  it("shows the caller's denial", async () => {
    fakeBroker([() => Response.json({ error: "access_denied" }, { status: 400 })]);
    const { id } = await startHelpdeskRequest({ ...input, mode: "poll" }, insurer);
    expect(await statusOf(id)).toMatchObject({
      state: "failed",
      error: { code: "access_denied", message: "The caller denied the request on their phone." },
    });
  });
});

describe("ping mode", () => {
  it("sends a notification token as demo-helpdesk-ping and asks for tokens once notified", async () => {
    const seen = fakeBroker([tokens("demo-helpdesk-ping")]);
    const { id } = await startHelpdeskRequest({ ...input, mode: "ping" }, insurer);
    const ciba = seen.find((request) => request.url.endsWith("/connect/ciba"))!;
    expect(ciba.body.get("client_id")).toBe("demo-helpdesk-ping");
    const notificationToken = ciba.body.get("client_notification_token")!;
    expect(notificationToken.length).toBeGreaterThanOrEqual(43);

    // Nothing happens before the notification.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.filter((request) => request.url.endsWith("/connect/token"))).toHaveLength(0);

    expect(acceptNotification("someone-else", "req-1")).toBe("unknown_token");
    expect(acceptNotification(notificationToken, "req-2")).toBe("wrong_request");
    expect(acceptNotification(notificationToken, "req-1")).toBe("accepted");

    expect(await statusOf(id)).toMatchObject({
      state: "verified",
      mode: "ping",
      identity: { displayName: "Erika Mustermann" },
    });
    const tokenRequests = seen.filter((request) => request.url.endsWith("/connect/token"));
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]!.body.get("auth_req_id")).toBe("req-1");
    // Finished: a replayed notification is refused.
    expect(acceptNotification(notificationToken, "req-1")).toBe("unknown_token");
  });

  it("answers the broker's notification at /helpdesk/ciba/notify: 204, else 401 or 400", async () => {
    const seen = fakeBroker([tokens("demo-helpdesk-ping")]);
    const { id } = await startHelpdeskRequest({ ...input, mode: "ping" }, insurer);
    const token = seen
      .find((request) => request.url.endsWith("/connect/ciba"))!
      .body.get("client_notification_token")!;
    const post = (authorization: string | undefined, body: string) =>
      notify(
        new Request("http://localhost:3001/helpdesk/ciba/notify", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(authorization ? { authorization } : {}),
          },
          body,
        }),
      );
    const body = JSON.stringify({ auth_req_id: "req-1" });

    const anonymous = await post(undefined, body);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect((await post("Bearer not-the-token", body)).status).toBe(401);
    expect((await post(`Bearer ${token}`, "{}")).status).toBe(400);
    expect((await post(`Bearer ${token}`, JSON.stringify({ auth_req_id: "req-9" }))).status).toBe(
      400,
    );
    const accepted = await post(`Bearer ${token}`, body);
    expect(accepted.status).toBe(204);
    expect(await accepted.text()).toBe("");

    expect(await statusOf(id)).toMatchObject({ state: "verified", mode: "ping" });
  });

  it("passes the broker's refusal of the request on (an unknown person)", async () => {
    fakeBroker([]);
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string | URL | Request) =>
        String(url).endsWith("/connect/ciba")
          ? Response.json({ error: "unknown_user_id" }, { status: 400 })
          : Response.json({
              issuer: ISSUER,
              token_endpoint: `${ISSUER}/connect/token`,
              backchannel_authentication_endpoint: `${ISSUER}/connect/ciba`,
            }),
      ),
    );
    const { status } = await startHelpdeskRequest({ ...input, mode: "ping" }, insurer);
    expect(status).toMatchObject({ state: "failed", error: { code: "unknown_user_id" } });
  });
});
