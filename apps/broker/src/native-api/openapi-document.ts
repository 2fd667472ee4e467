/**
 * The OpenAPI 3.1 document of the non-OIDC APIs, generated from the zod schemas the
 * handlers validate with (schemas.ts), so the two cannot drift. OpenAPI 3.1 schemas are
 * JSON Schema 2020-12, which is what `z.toJSONSchema` produces.
 */
import { z } from "zod";
import {
  apiError,
  authorizeJsonResponse,
  exchangeRequest,
  exchangeResponse,
  exchangeWithCode,
  exchangeWithRedirectUrl,
  idpList,
  idpListEntry,
  idpListQuery,
} from "./schemas.js";

type JsonSchema = Record<string, unknown>;

/** The named schemas of the document; references between them point to components. */
const COMPONENTS = {
  Error: apiError,
  Idp: idpListEntry,
  IdpList: idpList,
  ExchangeWithCode: exchangeWithCode,
  ExchangeWithRedirectUrl: exchangeWithRedirectUrl,
  ExchangeRequest: exchangeRequest,
  ExchangeResponse: exchangeResponse,
  NativeAuthorization: authorizeJsonResponse,
};

function components(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema as JsonSchema;
      return [id, rest];
    }),
  );
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string, description: string) => ({
  description,
  content: { "application/json": { schema: ref(id) } },
});

export function openApiDocument(issuer: string): JsonSchema {
  const query = z.toJSONSchema(idpListQuery) as { properties: Record<string, JsonSchema> };
  return {
    openapi: "3.1.0",
    info: {
      title: "Lotse broker APIs",
      version: "1",
      description:
        "The broker's non-OIDC APIs for health apps (IDP list and mobile code exchange). The OpenID Connect endpoints are described by discovery at /.well-known/openid-configuration.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: issuer }],
    paths: {
      "/api/v1/idps": {
        get: {
          operationId: "listIdps",
          summary: "Insurer IDPs an application may offer",
          description:
            "The insurers the application's users may log in with, for a native list (flow B); for an organisation's relying-party id, the insurers any of its enabled applications may offer. Pass an entry's `issuer` as `provider=` to /connect/auth.",
          parameters: [
            {
              name: "relyingPartyId",
              in: "query",
              required: false,
              description:
                "The organisation's relying-party id (the IDPs any of its enabled applications may offer) or an application's client_id. Required unless relayingPartyId is sent.",
              schema: query.properties.relyingPartyId,
            },
            {
              name: "relayingPartyId",
              in: "query",
              required: false,
              description:
                "The same as relyingPartyId, in the spelling existing Health-ID broker clients send. When both are sent they must be equal.",
              schema: query.properties.relayingPartyId,
            },
          ],
          responses: {
            "200": json("IdpList", "The IDPs, possibly empty."),
            "400": json(
              "Error",
              "Neither relyingPartyId nor relayingPartyId is sent, or both with different values (invalid_request).",
            ),
            "404": json(
              "Error",
              "No organisation with an enabled application has this relying-party id, and no enabled application this client id (invalid_client).",
            ),
          },
        },
      },
      "/oidcf/exchange/mobile": {
        post: {
          operationId: "exchangeMobile",
          summary: "Exchange the insurer's code for a broker code",
          description:
            "After the insurer's authenticator app returned to the app's redirect URI, the app sends the code and state (or the whole deep link). The answer is the app's redirect URI with a broker code, the app's own state and `iss`, or with an OAuth error (e.g. access_denied) when the login failed. Redeem the code at /connect/token with the PKCE code_verifier.",
          requestBody: {
            required: true,
            content: { "application/json": { schema: ref("ExchangeRequest") } },
          },
          responses: {
            "200": json("ExchangeResponse", "The redirect URL for the app's OAuth library."),
            "400": json(
              "Error",
              "Malformed input (invalid_request), or a state that is unknown, used, expired or another application's (invalid_grant).",
            ),
            "413": json("Error", "The body is larger than 16 KiB."),
            "415": json("Error", "The body is not application/json."),
          },
        },
      },
    },
    components: { schemas: components() },
  };
}
