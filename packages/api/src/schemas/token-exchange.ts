/**
 * Token exchange (RFC 8693) settings of an application: whether it may use the
 * token-exchange grant at the token endpoint, and for which audiences (client ids of the
 * organisation's other applications, identifiers of its APIs). Browser-safe (zod only); the
 * service checks that each audience exists in the same organisation.
 */
import { z } from "zod";
import { wellFormedString } from "./well-formed.js";

/** The grant type (RFC 8693 §2.1). */
export const TOKEN_EXCHANGE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

export const tokenExchangeSettingsSchema = z.object({
  enabled: z.boolean(),
  /** Client ids or API identifiers of the same organisation (checked by the service). */
  audiences: z
    .array(wellFormedString().min(1).max(2000))
    .max(100, { error: "At most 100 audiences." })
    .refine((audiences) => new Set(audiences).size === audiences.length, {
      error: "An audience is listed twice.",
    }),
});
export type TokenExchangeSettings = z.infer<typeof tokenExchangeSettingsSchema>;

export const tokenExchangeDefaults: TokenExchangeSettings = { enabled: false, audiences: [] };

export function tokenExchangeSettingsOf(application: {
  tokenExchangeEnabled: boolean;
  tokenExchangeAudiences: string[];
}): TokenExchangeSettings {
  return {
    enabled: application.tokenExchangeEnabled,
    audiences: application.tokenExchangeAudiences,
  };
}

/** The audiences are kept only while the exchange is allowed, like CIBA's endpoint. */
export function tokenExchangeColumns(settings: TokenExchangeSettings) {
  return {
    tokenExchangeEnabled: settings.enabled,
    tokenExchangeAudiences: settings.enabled ? settings.audiences : [],
  };
}
