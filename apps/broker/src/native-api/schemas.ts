/**
 * The shapes of the broker's non-OIDC APIs, defined once (STYLE.md rule 3): the handlers
 * validate with them and the OpenAPI document (openapi-document.ts) is generated from
 * them. The field names are the ones existing Health-ID broker clients already use
 * (DESIGN.md §4), so they must not change.
 */
import { z } from "zod";

/** Bounds every string an app can send: an oversized value is malformed input, not work. */
const bounded = (max: number) => z.string().min(1).max(max);

export const apiError = z
  .object({
    error: z.string().meta({ description: "An OAuth 2.0 error code (RFC 6749 §5.2)." }),
    error_description: z.string().meta({ description: "What went wrong, for the developer." }),
  })
  .meta({ description: "Every error of these APIs." });

const relyingParty = bounded(200).meta({
  description:
    "The organisation's relying-party id (a UUID shown in the portal: the IDPs of all its enabled applications) or an application's client_id.",
});

/**
 * `relayingPartyId` is the published example clients' spelling (issue 13), `relyingPartyId`
 * the correct one; either is accepted, both only when they agree.
 */
export const idpListQuery = z
  .object({
    relyingPartyId: relyingParty.optional(),
    relayingPartyId: relyingParty.optional(),
  })
  .superRefine((query, ctx) => {
    if (query.relyingPartyId === undefined && query.relayingPartyId === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["relyingPartyId"],
        message: "relyingPartyId (or relayingPartyId) is required.",
      });
    else if (
      query.relyingPartyId !== undefined &&
      query.relayingPartyId !== undefined &&
      query.relyingPartyId !== query.relayingPartyId
    )
      ctx.addIssue({
        code: "custom",
        path: ["relayingPartyId"],
        message: "relyingPartyId and relayingPartyId name different relying parties; send one.",
      });
  });

/** The relying party an IDP list query names, whichever spelling carried it. */
export function relyingPartyOf(query: z.infer<typeof idpListQuery>): string {
  return (query.relyingPartyId ?? query.relayingPartyId)!;
}

export const idpListEntry = z.object({
  issuer: z.string().meta({ description: "The insurer IDP's issuer; pass it as `provider=`." }),
  organizationName: z.string(),
  logoUri: z.string().nullable(),
  pkv: z.boolean().meta({ description: "True for a private health insurer (PKV)." }),
});

export const idpList = z.array(idpListEntry);

export const authorizeJsonResponse = z.object({
  url: z.string().meta({
    description: "The insurer's authorization URL (after PAR); the app opens it.",
  }),
});

export const exchangeWithCode = z.object({
  clientId: bounded(200),
  code: bounded(2048).meta({ description: "The insurer's code from the deep link." }),
  state: bounded(512).meta({ description: "The `state` from the deep link (the broker's)." }),
});

export const exchangeWithRedirectUrl = z.object({
  clientId: bounded(200),
  redirectUrl: bounded(8192).meta({
    description:
      "The full deep link the app was opened with; code, state or error are read from it.",
  }),
});

export const exchangeRequest = z.union([exchangeWithCode, exchangeWithRedirectUrl]);

export const exchangeResponse = z.object({
  redirectUrl: z.string().meta({
    description:
      "The application's redirect URI with `code`, `state` and `iss` (or `error`), for the app's OAuth library.",
  }),
});

export type ExchangeRequest = z.infer<typeof exchangeRequest>;
