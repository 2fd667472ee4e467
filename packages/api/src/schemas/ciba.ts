/**
 * Backchannel login (OpenID Connect CIBA Core 1.0) settings of an application: whether it
 * may start a login on the person's phone, and how it learns of the answer. Browser-safe
 * (zod only), so the settings form validates with the same shape as the API.
 *
 * Stored as the CIBA grant type in Application.allowedGrantTypes plus the cibaDeliveryMode,
 * cibaNotificationEndpoint and cibaUserCodeRequired columns; `enabled` here is that grant
 * type, so the form has one switch for it and the grant-type list does not repeat it.
 */
import { z } from "zod";
import { LOOPBACK_HOSTS } from "./redirect-uri.js";
import { wellFormedString } from "./well-formed.js";

/** The CIBA grant type (CIBA Core §10.1), as stored in allowedGrantTypes. */
export const CIBA_GRANT_TYPE = "urn:openid:params:grant-type:ciba";

/** Token delivery modes Lotse offers (CIBA Core §5); not push, which oidc-provider does not implement. */
export const CIBA_DELIVERY_MODES = ["POLL", "PING"] as const;
export type CibaDeliveryMode = (typeof CIBA_DELIVERY_MODES)[number];

/** Shown next to the choice in the form, one line each. */
export const CIBA_DELIVERY_MODE_EXPLANATIONS: Record<CibaDeliveryMode, string> = {
  POLL: "Your server asks the token endpoint every few seconds (at the interval it is given) until the person has answered.",
  PING: "The broker calls your notification endpoint once the person has answered; your server then fetches the tokens with one token request.",
};

/** The path of the backchannel authentication endpoint under the issuer (DESIGN.md §4). */
export const cibaEndpointOf = (issuer: string) => `${issuer.replace(/\/+$/, "")}/connect/ciba`;

/**
 * The ping notification endpoint follows the redirect URI rule for the web (RFC 9700
 * §4.1.3 in spirit, RFC 8252 §8.3): https, or http only on the loopback interface (CIBA
 * Core §4 asks for https; loopback http is for development). Absolute, no fragment, and no
 * user name or password: the broker authenticates itself with the client_notification_token
 * as a bearer (CIBA Core §10.2), and credentials in the URL would land in logs.
 */
export function cibaNotificationEndpointProblem(value: string): string | null {
  if (value.trim() !== value || value === "") return "Enter a URL without spaces.";
  if (value.includes("*")) return "Wildcards are not allowed.";
  if (value.includes("#")) return "The URL must not contain a fragment (#…).";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter an absolute URL, e.g. https://app.example/ciba/notify.";
  }
  if (url.username || url.password) return "The URL must not contain a user name or password.";
  if (url.protocol === "https:") return url.hostname ? null : "An https URL needs a host.";
  if (url.protocol === "http:")
    return LOOPBACK_HOSTS.has(url.hostname)
      ? null
      : "http is only allowed for localhost and 127.0.0.1; use https.";
  return "Use an https URL (http only for localhost and 127.0.0.1).";
}

export const cibaSettingsSchema = z
  .object({
    /** The app may use the CIBA grant (confidential applications only; see applications.ts). */
    enabled: z.boolean(),
    deliveryMode: z.enum(CIBA_DELIVERY_MODES),
    /** PING only: where the broker notifies the app. Ignored (and stored empty) otherwise. */
    notificationEndpoint: wellFormedString().max(2000, { error: "At most 2000 characters." }),
    /** The app must send `user_code`, the person's code at the insurer (CIBA Core §7.1). */
    userCodeRequired: z.boolean(),
  })
  .superRefine((value, ctx) => {
    // Checked only where it is used: the form hides the field for poll mode and while CIBA
    // is off, and an error on a field nobody can see could not be fixed.
    if (!value.enabled || value.deliveryMode !== "PING") return;
    const message =
      value.notificationEndpoint === ""
        ? // CIBA Core §4: a ping client registers backchannel_client_notification_endpoint.
          "Ping mode needs the notification endpoint the broker calls."
        : cibaNotificationEndpointProblem(value.notificationEndpoint);
    if (message) ctx.addIssue({ code: "custom", path: ["notificationEndpoint"], message });
  });
export type CibaSettings = z.infer<typeof cibaSettingsSchema>;

export const cibaDefaults: CibaSettings = {
  enabled: false,
  deliveryMode: "POLL",
  notificationEndpoint: "",
  userCodeRequired: false,
};

/** The form's shape of the stored CIBA grant and columns. */
export function cibaSettingsOf(application: {
  allowedGrantTypes: string[];
  cibaDeliveryMode: CibaDeliveryMode;
  cibaNotificationEndpoint: string | null;
  cibaUserCodeRequired: boolean;
}): CibaSettings {
  return {
    enabled: application.allowedGrantTypes.includes(CIBA_GRANT_TYPE),
    deliveryMode: application.cibaDeliveryMode,
    notificationEndpoint: application.cibaNotificationEndpoint ?? "",
    userCodeRequired: application.cibaUserCodeRequired,
  };
}

/**
 * The stored columns of validated settings. The endpoint is kept only while it is used
 * (CIBA on, ping mode), so the broker never notifies a URL the form no longer shows.
 */
export function cibaColumns(ciba: CibaSettings) {
  return {
    cibaDeliveryMode: ciba.deliveryMode,
    cibaNotificationEndpoint:
      ciba.enabled && ciba.deliveryMode === "PING" ? ciba.notificationEndpoint : null,
    cibaUserCodeRequired: ciba.userCodeRequired,
  };
}
