import { describe, expect, test } from "vitest";
import { applicationDefaults, applicationSettingsSchema } from "./applications.js";
import {
  cibaColumns,
  cibaDefaults,
  cibaEndpointOf,
  cibaNotificationEndpointProblem,
  cibaSettingsSchema,
  type CibaSettings,
} from "./ciba.js";

const app = {
  ...applicationDefaults,
  name: "Help desk",
  redirectUris: ["https://helpdesk.example/callback"],
};
const ping: CibaSettings = {
  enabled: true,
  deliveryMode: "PING",
  notificationEndpoint: "https://helpdesk.example/ciba/notify",
  userCodeRequired: false,
};

/** The messages of a refused parse, keyed by path as the portal's form reads them. */
function errorsOf(input: unknown): Record<string, string> {
  const result = applicationSettingsSchema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(
    result.error.issues.map((issue) => [issue.path.map(String).join("."), issue.message]),
  );
}

describe("CIBA settings", () => {
  test("a confidential application may use CIBA in poll and in ping mode", () => {
    expect(errorsOf({ ...app, ciba: { ...cibaDefaults, enabled: true } })).toEqual({});
    expect(errorsOf({ ...app, ciba: ping })).toEqual({});
  });

  test("a public application is refused, on the CIBA switch", () => {
    const errors = errorsOf({ ...app, type: "PUBLIC", ciba: { ...cibaDefaults, enabled: true } });
    expect(Object.keys(errors)).toEqual(["ciba.enabled"]);
    expect(errors["ciba.enabled"]).toMatch(/confidential/);
    // Off, a public application is fine, whatever the hidden CIBA fields hold.
    expect(errorsOf({ ...app, type: "PUBLIC", ciba: { ...ping, enabled: false } })).toEqual({});
  });

  test("ping mode without a notification endpoint is refused", () => {
    expect(errorsOf({ ...app, ciba: { ...ping, notificationEndpoint: "" } })).toEqual({
      "ciba.notificationEndpoint": "Ping mode needs the notification endpoint the broker calls.",
    });
  });

  test("the endpoint is checked only where it is used (ping, CIBA on)", () => {
    const stale = { ...ping, notificationEndpoint: "http://helpdesk.example/notify" };
    expect(errorsOf({ ...app, ciba: { ...stale, deliveryMode: "POLL" } })).toEqual({});
    expect(errorsOf({ ...app, ciba: { ...stale, enabled: false } })).toEqual({});
    expect(Object.keys(errorsOf({ ...app, ciba: stale }))).toEqual(["ciba.notificationEndpoint"]);
  });

  test("an application needs authorization_code or CIBA", () => {
    expect(errorsOf({ ...app, allowedGrantTypes: [] })).toEqual({
      allowedGrantTypes: "Allow authorization_code, or backchannel login (CIBA) below.",
    });
    expect(errorsOf({ ...app, allowedGrantTypes: [], ciba: ping })).toEqual({});
  });

  test("the CIBA grant cannot be put into the grant-type list as well", () => {
    expect(
      errorsOf({
        ...app,
        allowedGrantTypes: ["authorization_code", "urn:openid:params:grant-type:ciba"],
      }),
    ).toHaveProperty(["allowedGrantTypes.1"]);
  });

  test("unknown delivery modes are refused", () => {
    expect(cibaSettingsSchema.safeParse({ ...ping, deliveryMode: "PUSH" }).success).toBe(false);
  });
});

describe("cibaNotificationEndpointProblem", () => {
  test.each([
    "https://helpdesk.example/ciba/notify",
    "https://helpdesk.example:8443/notify?tenant=1",
    "http://localhost:3001/helpdesk/ciba/notify",
    "http://127.0.0.1:8080/notify",
  ])("accepts %s", (url) => {
    expect(cibaNotificationEndpointProblem(url)).toBeNull();
  });

  test.each([
    ["http://helpdesk.example/notify", /localhost and 127\.0\.0\.1/],
    ["https://helpdesk.example/notify#frag", /fragment/],
    ["https://user:pass@helpdesk.example/notify", /user name or password/],
    ["https://user@helpdesk.example/notify", /user name or password/],
    ["/ciba/notify", /absolute URL/],
    ["ftp://helpdesk.example/notify", /https/],
    ["javascript:alert(1)", /https/],
    [" https://helpdesk.example/notify", /spaces/],
    ["https://*.helpdesk.example/notify", /Wildcards/],
  ])("refuses %s", (url, message) => {
    expect(cibaNotificationEndpointProblem(url)).toMatch(message);
  });
});

describe("cibaColumns and cibaEndpointOf", () => {
  test("the endpoint is stored only for ping with CIBA on", () => {
    expect(cibaColumns(ping).cibaNotificationEndpoint).toBe(ping.notificationEndpoint);
    expect(cibaColumns({ ...ping, deliveryMode: "POLL" }).cibaNotificationEndpoint).toBeNull();
    expect(cibaColumns({ ...ping, enabled: false }).cibaNotificationEndpoint).toBeNull();
  });

  test("the backchannel endpoint is under the issuer", () => {
    expect(cibaEndpointOf("http://localhost:4000/")).toBe("http://localhost:4000/connect/ciba");
  });
});
