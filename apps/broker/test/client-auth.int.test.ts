/**
 * Client secrets checked against stored hashes only (DESIGN.md §3): right, wrong, revoked,
 * expired, and a rotated secret within its grace period. RFC 6749 §2.3.1, §5.2.
 */
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashClientSecret, secretPrefix } from "@lotse/db/client-secrets";
import { createApplication, TEST_REDIRECT } from "./support/applications.js";
import { person } from "./support/identities.js";
import { oauthError } from "./support/oauth-errors.js";
import { authorize, relyingParty } from "./support/relying-party.js";
import { startTestBroker, type TestBroker } from "./support/test-broker.js";

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => broker?.close());

async function addSecret(
  clientId: string,
  secret: string,
  data: { expiresAt?: Date; revokedAt?: Date } = {},
) {
  const app = await broker.prisma.application.findUniqueOrThrow({ where: { clientId } });
  return broker.prisma.clientSecret.create({
    data: {
      applicationId: app.id,
      hash: hashClientSecret(secret),
      prefix: secretPrefix(secret),
      ...data,
    },
  });
}

/** Authorizes with a good configuration, then redeems the code with `secret`. */
async function redeemWith(
  clientId: string,
  goodSecret: string,
  secret: string,
  method: "basic" | "post" = "basic",
) {
  const good = await relyingParty(broker, clientId, { secret: goodSecret });
  const { callback, checks } = await authorize(broker, good, {
    redirectUri: TEST_REDIRECT,
    login: person(),
  });
  const presenting = await relyingParty(broker, clientId, { secret, method });
  return client.authorizationCodeGrant(presenting, callback, checks);
}

describe("client secrets", () => {
  test("the right secret works, by Basic and by POST, and marks the secret as used", async () => {
    const app = await createApplication(broker.prisma);
    expect((await redeemWith(app.clientId, app.secret, app.secret)).access_token).toBeTruthy();
    expect(
      (await redeemWith(app.clientId, app.secret, app.secret, "post")).access_token,
    ).toBeTruthy();
    const [stored] = await broker.prisma.clientSecret.findMany({
      where: { application: { clientId: app.clientId } },
    });
    expect(stored!.lastUsedAt).toBeInstanceOf(Date);
  });

  test("a wrong secret is invalid_client, 401, by Basic and by POST", async () => {
    const app = await createApplication(broker.prisma);
    expect(await oauthError(redeemWith(app.clientId, app.secret, "wrong"))).toEqual({
      error: "invalid_client",
      status: 401,
    });
    expect(await oauthError(redeemWith(app.clientId, app.secret, "wrong", "post"))).toEqual({
      error: "invalid_client",
      status: 401,
    });
  });

  test("the answer to a wrong secret is oidc-provider's plain invalid_client JSON", async () => {
    const app = await createApplication(broker.prisma);
    const response = await fetch(`${broker.issuer}/connect/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${app.clientId}:nope`).toString("base64")}`,
      },
      body:
        "grant_type=authorization_code&code=x&redirect_uri=" + encodeURIComponent(TEST_REDIRECT),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: "invalid_client",
      error_description: "client authentication failed",
    });
  });

  test("a revoked secret is invalid_client", async () => {
    const app = await createApplication(broker.prisma);
    await addSecret(app.clientId, "revoked-secret-value", { revokedAt: new Date() });
    expect(
      await oauthError(redeemWith(app.clientId, app.secret, "revoked-secret-value")),
    ).toMatchObject({
      error: "invalid_client",
    });
  });

  test("a secret past its grace period is invalid_client", async () => {
    const app = await createApplication(broker.prisma);
    await addSecret(app.clientId, "expired-secret-value", {
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(
      await oauthError(redeemWith(app.clientId, app.secret, "expired-secret-value")),
    ).toMatchObject({
      error: "invalid_client",
    });
  });

  test("after a rotation both the new secret and the old one (within its grace period) work", async () => {
    const app = await createApplication(broker.prisma);
    const [old] = await broker.prisma.clientSecret.findMany({
      where: { application: { clientId: app.clientId } },
    });
    await broker.prisma.clientSecret.update({
      where: { id: old!.id },
      data: { expiresAt: new Date(Date.now() + 3600_000) },
    });
    await addSecret(app.clientId, "the-new-secret-value");
    expect((await redeemWith(app.clientId, app.secret, app.secret)).access_token).toBeTruthy();
    expect(
      (await redeemWith(app.clientId, app.secret, "the-new-secret-value")).access_token,
    ).toBeTruthy();
  });

  test("a disabled application is unknown at once", async () => {
    const app = await createApplication(broker.prisma);
    const good = await relyingParty(broker, app.clientId, { secret: app.secret });
    const { callback, checks } = await authorize(broker, good, {
      redirectUri: TEST_REDIRECT,
      login: person(),
    });
    await broker.prisma.application.update({
      where: { clientId: app.clientId },
      data: { enabled: false },
    });
    expect(await oauthError(client.authorizationCodeGrant(good, callback, checks))).toMatchObject({
      error: "invalid_client",
    });
  });

  test("the secret is never stored in clear, and the stand-in is not the secret", async () => {
    const app = await createApplication(broker.prisma);
    const rows = await broker.prisma.clientSecret.findMany({
      where: { application: { clientId: app.clientId } },
    });
    expect(JSON.stringify(rows)).not.toContain(app.secret);
    const payloads = await broker.prisma.oidcPayload.findMany();
    expect(JSON.stringify(payloads)).not.toContain(app.secret);
  });
});
