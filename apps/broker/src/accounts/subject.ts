/**
 * The `sub` an application sees, per its sub mode (DESIGN.md §4 "Sub modes"), as
 * HMAC-SHA256 under a KEK-derived key: recomputable at every login without storing a
 * KVNR or an upstream sub, and never the raw upstream sub (OIDC Core §8: a locally
 * unique, never reassigned identifier).
 *
 * A sub is never shared across organisations (docs/security.md "Data isolation between
 * organisations"): UNIQUE and PERSON mix in the application's organisation, so two
 * organisations cannot link their users by comparing subs; PAIRWISE is per sector anyway.
 */
import { createHmac } from "node:crypto";
import { KVNR_SCOPE } from "@lotse/domain";
import type { LotseClientFields } from "../applications/client-metadata.js";
import type { UpstreamIdentity } from "./upstream-identity.js";

export class SubjectError extends Error {
  constructor(
    readonly error: "access_denied" | "unauthorized_client",
    readonly description: string,
  ) {
    super(description);
  }
}

function hmac(key: Buffer, ...parts: string[]): string {
  return createHmac("sha256", key).update(parts.join("\0")).digest("base64url");
}

export function subjectFor(
  key: Buffer,
  client: Pick<
    LotseClientFields,
    "lotseSubMode" | "lotseSectorIdentifier" | "lotseOrganizationId"
  > & {
    allowedScopes: string[];
  },
  identity: Pick<UpstreamIdentity, "upstreamIssuer" | "upstreamSub" | "kvnr">,
): string {
  const { upstreamIssuer: iss, upstreamSub: sub } = identity;
  // Without it, UNIQUE and PERSON subs would be the same in every organisation.
  if (!client.lotseOrganizationId) throw new Error("The application's organisation is unknown.");
  switch (client.lotseSubMode) {
    case "UNIQUE":
      return hmac(key, "unique", client.lotseOrganizationId, iss, sub);
    case "PAIRWISE":
      return hmac(key, "pairwise", client.lotseSectorIdentifier, iss, sub);
    case "PERSON":
      // Keyed by the KVNR only for applications registered for it (data minimisation).
      if (!client.allowedScopes.includes(KVNR_SCOPE))
        throw new SubjectError(
          "unauthorized_client",
          "This application identifies persons by insurance number but is not registered for it.",
        );
      if (!identity.kvnr)
        throw new SubjectError(
          "access_denied",
          "The insurance number (KVNR) was not released, but this application needs it to recognise you.",
        );
      return hmac(key, "person", client.lotseOrganizationId, identity.kvnr);
  }
}
