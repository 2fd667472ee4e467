import type { CapabilityStatement, CapabilityStatementRestResourceSearchParam } from "fhir/r4.js";
import { RESOURCE_TYPES } from "./data/store.js";
import { SEARCH_PARAMETERS } from "./search-parameters.js";

/** The extension by which SMART clients discover the OAuth endpoints (SMART App Launch, oauth-uris). */
export const OAUTH_URIS_EXTENSION =
  "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

export interface OAuthUris {
  authorize: string;
  token: string;
}

const COMMON_SEARCH_PARAMETERS: CapabilityStatementRestResourceSearchParam[] = [
  { name: "_id", type: "token", documentation: "The resource id." },
  { name: "_count", type: "number", documentation: "Page size (default 50, at most 200)." },
  {
    name: "_sort",
    type: "special",
    documentation: "A date parameter or _id; prefix - for descending.",
  },
  {
    name: "_offset",
    type: "number",
    documentation: "Paging: where the page starts (see the next link).",
  },
];

/**
 * `GET {base}/metadata` (FHIR R4 capabilities interaction): read and type-level search of
 * each type with its parameters, and SMART's security service with the oauth-uris
 * extension (SMART App Launch 2.2 §2.2, kept for clients that still read it).
 */
export function capabilityStatement(fhirBaseUrl: string, oauth: OAuthUris): CapabilityStatement {
  return {
    resourceType: "CapabilityStatement",
    status: "active",
    date: "2026-01-01",
    publisher: "Lotse sandbox",
    kind: "instance",
    software: { name: "Lotse sandbox FHIR server" },
    implementation: {
      description: "Synthetic, read-only FHIR R4 data for SMART App Launch development",
      url: fhirBaseUrl,
    },
    fhirVersion: "4.0.1",
    format: ["json"],
    rest: [
      {
        mode: "server",
        documentation:
          "Unknown search parameters are ignored (lenient handling) unless the request sends Prefer: handling=strict.",
        security: {
          cors: true,
          service: [
            {
              coding: [
                {
                  system: "http://terminology.hl7.org/CodeSystem/restful-security-service",
                  code: "SMART-on-FHIR",
                  display: "SMART-on-FHIR",
                },
              ],
              text: "OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)",
            },
          ],
          extension: [
            {
              url: OAUTH_URIS_EXTENSION,
              extension: [
                { url: "authorize", valueUri: oauth.authorize },
                { url: "token", valueUri: oauth.token },
              ],
            },
          ],
        },
        resource: RESOURCE_TYPES.map((type) => ({
          type,
          interaction: [{ code: "read" }, { code: "search-type" }],
          searchParam: [
            ...COMMON_SEARCH_PARAMETERS,
            ...Object.entries(SEARCH_PARAMETERS[type]).map(([name, parameter]) => ({
              name,
              type: parameter.type,
              documentation: parameter.documentation,
            })),
          ],
        })),
      },
    ],
  };
}
