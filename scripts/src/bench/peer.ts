/**
 * The bare oidc-provider peer of `pnpm bench` (issue 16), run as a child process of its own
 * so the load generator does not share its event loop: the broker's oidc-provider (resolved
 * from apps/broker, so the same version by construction) with an in-memory adapter, signing
 * like the broker (RS256 and ES256 keys, RS256 the ID-token default), a confidential client
 * with PKCE, refresh-token rotation, introspection, userinfo and CIBA poll mode; no
 * development interactions: a login completes without a page at /interaction/<uid>, which
 * calls `interactionFinished` at once. Endpoints at the broker's paths (oidc/routes.ts).
 *
 * Started as `node --import tsx peer.ts <port>`; prints `peer ready <issuer>` when it listens.
 */
import { generateKeyPairSync, createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PEER_CLIENT, PEER_SUBJECT } from "./peer-client.js";

/** The part of oidc-provider's API this file uses (scripts does not depend on oidc-provider). */
interface ProviderLike {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  interactionDetails(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<{ params: Record<string, unknown> }>;
  interactionFinished(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: new (options: { accountId: string; clientId: string }) => {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  };
  proxy?: boolean;
}

const workspaceRoot = path.resolve(import.meta.dirname, "..", "..", "..");

function signingJwk(kind: "rsa" | "ec", alg: "RS256" | "ES256"): Record<string, unknown> {
  const { privateKey, publicKey } =
    kind === "rsa"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : generateKeyPairSync("ec", { namedCurve: "P-256" });
  const kid = createHash("sha256")
    .update(JSON.stringify(publicKey.export({ format: "jwk" })))
    .digest("base64url");
  return { ...privateKey.export({ format: "jwk" }), kid, alg, use: "sig" };
}

async function loadProvider(): Promise<new (issuer: string, config: object) => ProviderLike> {
  const require = createRequire(path.join(workspaceRoot, "apps", "broker", "package.json"));
  const module = (await import(pathToFileURL(require.resolve("oidc-provider")).href)) as {
    default: new (issuer: string, config: object) => ProviderLike;
  };
  return module.default;
}

async function main(): Promise<void> {
  const port = Number(process.argv[2]);
  const issuer = `http://127.0.0.1:${port}`;
  const Provider = await loadProvider();
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: PEER_CLIENT.clientId,
        client_secret: PEER_CLIENT.secret,
        redirect_uris: [PEER_CLIENT.redirectUri],
        grant_types: ["authorization_code", "refresh_token", "urn:openid:params:grant-type:ciba"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
        backchannel_token_delivery_mode: "poll",
        id_token_signed_response_alg: "RS256",
      },
    ],
    // Like the broker: a CURRENT and a NEXT key of each algorithm (keys/oidc-keys.ts).
    jwks: {
      keys: [
        signingJwk("rsa", "RS256"),
        signingJwk("ec", "ES256"),
        signingJwk("rsa", "RS256"),
        signingJwk("ec", "ES256"),
      ],
    },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    routes: {
      authorization: "/connect/auth",
      token: "/connect/token",
      userinfo: "/connect/userinfo",
      introspection: "/connect/introspection",
      revocation: "/connect/revocation",
      end_session: "/connect/endsession",
      backchannel_authentication: "/connect/ciba",
      jwks: "/.well-known/jwks",
    },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    responseTypes: ["code"],
    pkce: { required: () => true },
    allowOmittingSingleRegisteredRedirectUri: false,
    clientAuthMethods: ["client_secret_basic", "client_secret_post", "none"],
    enabledJWA: {
      idTokenSigningAlgValues: ["RS256", "ES256"],
      userinfoSigningAlgValues: ["RS256", "ES256"],
      introspectionSigningAlgValues: ["RS256", "ES256"],
    },
    scopes: ["openid", "offline_access"],
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id }),
    }),
    issueRefreshToken: (
      _ctx: unknown,
      client: { grantTypeAllowed(grant: string): boolean },
      code: { scopes: Set<string> },
    ) => client.grantTypeAllowed("refresh_token") && code.scopes.has("offline_access"),
    rotateRefreshToken: true,
    expiresWithSession: () => false,
    // The broker's defaults for an application (prisma schema: accessTokenTtl, idTokenTtl).
    ttl: {
      AccessToken: 300,
      IdToken: 300,
      RefreshToken: 30 * 24 * 3600,
      AuthorizationCode: 60,
      Grant: 30 * 24 * 3600,
      Interaction: 30 * 60,
      Session: 24 * 3600,
      BackchannelAuthenticationRequest: 600,
    },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      ciba: {
        enabled: true,
        deliveryModes: ["poll"],
        processLoginHint: () => PEER_SUBJECT,
        processLoginHintToken: () => PEER_SUBJECT,
        validateBindingMessage: () => undefined,
        validateRequestContext: () => undefined,
        verifyUserCode: () => undefined,
        triggerAuthenticationDevice: () => undefined,
      },
    },
  });
  const handle = provider.callback();

  // The login without a page: the person is PEER_SUBJECT and consents to what was asked.
  async function finishInteraction(req: http.IncomingMessage, res: http.ServerResponse) {
    try {
      const { params } = await provider.interactionDetails(req, res);
      const grant = new provider.Grant({
        accountId: PEER_SUBJECT,
        clientId: String(params.client_id),
      });
      grant.addOIDCScope(String(params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: PEER_SUBJECT }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    } catch (error) {
      res.statusCode = 500;
      res.end((error as Error).message);
    }
  }

  const server = http.createServer((req, res) => {
    if (req.url?.startsWith("/interaction/")) void finishInteraction(req, res);
    else if (req.url === "/healthz") res.end("ok");
    else handle(req, res);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  console.log(`peer ready ${issuer}`);
  const stop = () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

await main();
