import { CIBA_GRANT_TYPE, cibaEndpointOf, type CibaDeliveryMode } from "../../schemas/ciba.js";

/**
 * Copy-paste client configurations for the quick-start panel, filled in with one
 * application's settings. Pure: it never receives the client secret (only its hash is
 * stored anyway), so no snippet can contain one; confidential snippets carry
 * SECRET_PLACEHOLDER instead.
 */

export const SECRET_PLACEHOLDER = "<your client secret>";

export interface QuickStartInput {
  /** The broker's issuer (BROKER_URL). */
  issuer: string;
  clientId: string;
  type: "PUBLIC" | "CONFIDENTIAL";
  redirectUris: readonly string[];
  allowedScopes: readonly string[];
  /** With the CIBA grant, the quick start names the backchannel endpoint and mode. */
  allowedGrantTypes?: readonly string[];
  cibaDeliveryMode?: CibaDeliveryMode;
  /** The API scopes the app may request; the quick start says how to ask for them. */
  apiGrants?: readonly QuickStartApi[];
}

/** One API the application may request an access token for (RFC 8707). */
export interface QuickStartApi {
  identifier: string;
  scopes: readonly string[];
  tokenFormat: "JWT" | "OPAQUE";
}

/** Backchannel login (CIBA Core 1.0), when the application may use it. */
export interface QuickStartCiba {
  /** The backchannel authentication endpoint (discovery: backchannel_authentication_endpoint). */
  endpoint: string;
  deliveryMode: CibaDeliveryMode;
}

export interface QuickStartFile {
  /** What the file is, e.g. "auth.ts" or "app/build.gradle". */
  name: string;
  language: "ts" | "kotlin" | "groovy" | "swift" | "text";
  code: string;
}

export interface QuickStartSnippet {
  id:
    | "next-auth"
    | "openid-client"
    | "oidc-client-ts"
    | "appauth-android"
    | "appauth-ios"
    | "keycloak";
  title: string;
  /** Shown above the code: when this library fits, and what to watch for. */
  note: string;
  files: QuickStartFile[];
}

export interface QuickStart {
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  ciba: QuickStartCiba | null;
  /** APIs with granted scopes: ask with resource=<identifier> or the scopes themselves. */
  apis: QuickStartApi[];
  snippets: QuickStartSnippet[];
}

const REDIRECT_PLACEHOLDER = "<one of your registered redirect URIs>";

/** Native apps and browser apps cannot keep a secret (RFC 8252 §8.5, OAuth 2.0 for Browser-Based Apps). */
const PUBLIC_ONLY_NOTE =
  "This application is confidential, but this library runs on the user's device, which cannot keep a secret (RFC 8252 §8.5): register a public application (PKCE, no secret) for it.";

export function buildQuickStart(input: QuickStartInput): QuickStart {
  const issuer = input.issuer.replace(/\/+$/, "");
  const context: Context = {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    clientId: input.clientId,
    confidential: input.type === "CONFIDENTIAL",
    redirectUri: input.redirectUris[0] ?? REDIRECT_PLACEHOLDER,
    scopes: input.allowedScopes.length > 0 ? [...input.allowedScopes] : ["openid"],
  };
  return {
    issuer,
    discoveryUrl: context.discoveryUrl,
    clientId: context.clientId,
    redirectUri: context.redirectUri,
    scope: context.scopes.join(" "),
    // The broker offers CIBA only to confidential applications (schemas/ciba.ts).
    ciba:
      context.confidential && input.allowedGrantTypes?.includes(CIBA_GRANT_TYPE)
        ? { endpoint: cibaEndpointOf(issuer), deliveryMode: input.cibaDeliveryMode ?? "POLL" }
        : null,
    apis: (input.apiGrants ?? [])
      .filter((api) => api.scopes.length > 0)
      .map((api) => ({
        identifier: api.identifier,
        scopes: [...api.scopes],
        tokenFormat: api.tokenFormat,
      })),
    snippets: [
      nextAuth(context),
      openidClient(context),
      oidcClientTs(context),
      appAuthAndroid(context),
      appAuthIos(context),
      keycloak(context),
    ],
  };
}

interface Context {
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  confidential: boolean;
  redirectUri: string;
  scopes: string[];
}

const q = (value: string) => JSON.stringify(value);

function nextAuth(c: Context): QuickStartSnippet {
  const auth = c.confidential
    ? [
        `      // ${SECRET_PLACEHOLDER}: keep it in an environment variable, never in code.`,
        `      clientSecret: process.env.AUTH_LOTSE_SECRET,`,
      ]
    : [
        `      // Public application: no secret; PKCE S256 proves the code is yours.`,
        `      client: { token_endpoint_auth_method: "none" },`,
      ];
  return {
    id: "next-auth",
    title: "next-auth (Auth.js v5)",
    note: "A generic OpenID Connect provider. next-auth's callback is <your site>/api/auth/callback/lotse: register exactly that as a redirect URI.",
    files: [
      {
        name: "auth.ts",
        language: "ts",
        code: [
          `import NextAuth from "next-auth";`,
          ``,
          `export const { handlers, auth, signIn, signOut } = NextAuth({`,
          `  providers: [`,
          `    {`,
          `      id: "lotse",`,
          `      name: "Lotse",`,
          `      type: "oidc",`,
          `      // Discovery: ${c.discoveryUrl}`,
          `      issuer: ${q(c.issuer)},`,
          `      clientId: ${q(c.clientId)},`,
          ...auth,
          `      checks: ["pkce", "state", "nonce"],`,
          `      authorization: { params: { scope: ${q(c.scopes.join(" "))} } },`,
          `    },`,
          `  ],`,
          `});`,
        ].join("\n"),
      },
    ],
  };
}

function openidClient(c: Context): QuickStartSnippet {
  const auth = c.confidential
    ? `  client.ClientSecretBasic(process.env.LOTSE_CLIENT_SECRET!), // ${SECRET_PLACEHOLDER}`
    : `  client.None(), // public application: no secret, PKCE only`;
  return {
    id: "openid-client",
    title: "openid-client v6 (Node.js)",
    note: "For servers and CLIs. Keep the code verifier (and state) in the user's session between the two steps.",
    files: [
      {
        name: "lotse.ts",
        language: "ts",
        code: [
          `import * as client from "openid-client";`,
          ``,
          `// Reads ${c.discoveryUrl}`,
          `const config = await client.discovery(`,
          `  new URL(${q(c.issuer)}),`,
          `  ${q(c.clientId)},`,
          `  undefined,`,
          auth,
          `);`,
          ``,
          `// 1. Send the user to the broker.`,
          `const codeVerifier = client.randomPKCECodeVerifier();`,
          `const authorizationUrl = client.buildAuthorizationUrl(config, {`,
          `  redirect_uri: ${q(c.redirectUri)},`,
          `  scope: ${q(c.scopes.join(" "))},`,
          `  code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),`,
          `  code_challenge_method: "S256",`,
          `});`,
          ``,
          `// 2. On the redirect URI: exchange the code.`,
          `const tokens = await client.authorizationCodeGrant(config, currentUrl, {`,
          `  pkceCodeVerifier: codeVerifier,`,
          `});`,
          `console.log(tokens.claims());`,
        ].join("\n"),
      },
    ],
  };
}

function oidcClientTs(c: Context): QuickStartSnippet {
  return {
    id: "oidc-client-ts",
    title: "oidc-client-ts (browser)",
    note: c.confidential
      ? PUBLIC_ONLY_NOTE
      : "For single-page apps. PKCE S256 is on by default for the code flow.",
    files: [
      {
        name: "auth.ts",
        language: "ts",
        code: [
          `import { UserManager } from "oidc-client-ts";`,
          ``,
          `export const userManager = new UserManager({`,
          `  // Discovery: ${c.discoveryUrl}`,
          `  authority: ${q(c.issuer)},`,
          `  client_id: ${q(c.clientId)},`,
          `  redirect_uri: ${q(c.redirectUri)},`,
          `  response_type: "code",`,
          `  scope: ${q(c.scopes.join(" "))},`,
          `});`,
          ``,
          `// Sign in:                   await userManager.signinRedirect();`,
          `// On the redirect URI page:  const user = await userManager.signinRedirectCallback();`,
        ].join("\n"),
      },
    ],
  };
}

/** AppAuth Android needs the redirect URI's scheme for its manifest placeholder. */
function schemeOf(uri: string): string {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(uri);
  return match?.[1] ?? "<your redirect URI scheme>";
}

function appAuthAndroid(c: Context): QuickStartSnippet {
  return {
    id: "appauth-android",
    title: "AppAuth for Android",
    note: c.confidential
      ? PUBLIC_ONLY_NOTE
      : "AppAuth sends PKCE S256 by default. The redirect scheme goes into the manifest placeholder.",
    files: [
      {
        name: "app/build.gradle",
        language: "groovy",
        code: [
          `android {`,
          `    defaultConfig {`,
          `        manifestPlaceholders = [appAuthRedirectScheme: ${q(schemeOf(c.redirectUri))}]`,
          `    }`,
          `}`,
        ].join("\n"),
      },
      {
        name: "SignIn.kt",
        language: "kotlin",
        code: [
          `// Reads ${c.discoveryUrl}`,
          `AuthorizationServiceConfiguration.fetchFromIssuer(Uri.parse(${q(c.issuer)})) { config, error ->`,
          `    if (config == null) { Log.e("lotse", "discovery failed", error); return@fetchFromIssuer }`,
          `    val request = AuthorizationRequest.Builder(`,
          `        config,`,
          `        ${q(c.clientId)},`,
          `        ResponseTypeValues.CODE,`,
          `        Uri.parse(${q(c.redirectUri)}),`,
          `    ).setScope(${q(c.scopes.join(" "))}).build()`,
          `    signInLauncher.launch(AuthorizationService(context).getAuthorizationRequestIntent(request))`,
          `}`,
        ].join("\n"),
      },
    ],
  };
}

function appAuthIos(c: Context): QuickStartSnippet {
  const scopes = c.scopes.map(q).join(", ");
  return {
    id: "appauth-ios",
    title: "AppAuth for iOS",
    note: c.confidential
      ? PUBLIC_ONLY_NOTE
      : "AppAuth sends PKCE S256 by default. Keep the returned flow alive until the redirect comes back.",
    files: [
      {
        name: "SignIn.swift",
        language: "swift",
        code: [
          `// Reads ${c.discoveryUrl}`,
          `let issuer = URL(string: ${q(c.issuer)})!`,
          `OIDAuthorizationService.discoverConfiguration(forIssuer: issuer) { configuration, error in`,
          `    guard let configuration else { print("discovery failed: \\(String(describing: error))"); return }`,
          `    let request = OIDAuthorizationRequest(`,
          `        configuration: configuration,`,
          `        clientId: ${q(c.clientId)},`,
          `        scopes: [${scopes}],`,
          `        redirectURL: URL(string: ${q(c.redirectUri)})!,`,
          `        responseType: OIDResponseTypeCode,`,
          `        additionalParameters: nil)`,
          `    self.currentAuthorizationFlow = OIDAuthState.authState(byPresenting: request, presenting: self) { authState, error in`,
          `        // authState?.lastTokenResponse?.idToken`,
          `    }`,
          `}`,
        ].join("\n"),
      },
    ],
  };
}

/** Keycloak's broker endpoint: <keycloak>/realms/<realm>/broker/<alias>/endpoint. */
function keycloakAlias(redirectUri: string): string {
  return /\/realms\/[^/]+\/broker\/([^/]+)\/endpoint$/.exec(redirectUri)?.[1] ?? "lotse";
}

function keycloak(c: Context): QuickStartSnippet {
  const alias = keycloakAlias(c.redirectUri);
  return {
    id: "keycloak",
    title: "Keycloak identity provider",
    note: c.confidential
      ? `Identity providers → Add provider → "OpenID Connect v1.0". Keycloak's redirect URI is <keycloak>/realms/<realm>/broker/${alias}/endpoint: register exactly that here.`
      : "Keycloak is a server and always authenticates with a secret: register a confidential application for it.",
    files: [
      {
        name: "OpenID Connect v1.0 settings",
        language: "text",
        code: [
          `Alias:                   ${alias}`,
          `Display name:            Lotse`,
          `Use discovery endpoint:  On`,
          `Discovery endpoint:      ${c.discoveryUrl}`,
          `Client authentication:   Client secret sent as basic auth`,
          `Client ID:               ${c.clientId}`,
          `Client Secret:           ${SECRET_PLACEHOLDER}`,
          `Use PKCE:                On`,
          `PKCE Method:             S256`,
          `Scopes (Advanced):       ${c.scopes.join(" ")}`,
        ].join("\n"),
      },
    ],
  };
}
