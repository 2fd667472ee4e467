/** The broker's self-signed TLS client certificate (RFC 8705 §2.2) on its federation "sig" key. */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  X509Certificate,
} from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { JWK } from "jose";
import { createTestPrisma, type TestPrisma } from "@lotse/db/testing";
import {
  createFederationKeyring,
  ensureFederationCertificates,
  ensureFederationKeys,
  federationPublicJwks,
} from "./federation-keys.js";
import { parseKek } from "./kek.js";

let db: TestPrisma;
const kek = parseKek(randomBytes(32).toString("base64url"));

beforeAll(async () => {
  db = await createTestPrisma();
});
afterAll(async () => db?.close());

const signingRow = () =>
  db.prisma.signingKey.findFirstOrThrow({ where: { purpose: "FEDERATION", use: "sig" } });

function certificateOf(jwk: JWK): X509Certificate {
  return new X509Certificate(Buffer.from(jwk.x5c![0]!, "base64"));
}

describe("TLS client certificate of the federation signing key", () => {
  test("a new signing key is published with a self-signed certificate for that very key", async () => {
    await ensureFederationKeys(db.prisma, kek);
    const { keys } = await federationPublicJwks(db.prisma);
    const sig = keys.find((key) => key.use === "sig")!;
    const enc = keys.find((key) => key.use === "enc")!;
    expect(sig.x5c).toHaveLength(1);
    // Only the key a client authenticates with has one (RFC 8705 §2.2).
    expect(enc.x5c).toBeUndefined();

    const certificate = certificateOf(sig);
    // RFC 7517 §4.7: the certificate's key is the JWK's key.
    const { x, y } = certificate.publicKey.export({ format: "jwk" });
    expect({ x, y }).toEqual({ x: sig.x, y: sig.y });
    expect(certificate.subject).toBe(certificate.issuer);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.ca).toBe(false);
    expect(Date.parse(certificate.validTo)).toBeGreaterThan(Date.now() + 365 * 24 * 3600_000);
  });

  test("the keyring hands the upstream client that key and certificate as PEM", async () => {
    const keys = await createFederationKeyring(db.prisma, kek)();
    const tls = keys.signing.tls!;
    const certificate = new X509Certificate(tls.cert);
    expect(certificate.checkPrivateKey(createPrivateKey(tls.key))).toBe(true);
    const published = (await federationPublicJwks(db.prisma)).keys.find(
      (key) => key.use === "sig",
    )!;
    // What oidc-provider compares: the SHA-256 thumbprint of the DER certificate.
    expect(createHash("sha256").update(certificate.raw).digest("base64url")).toBe(
      createHash("sha256").update(Buffer.from(published.x5c![0]!, "base64")).digest("base64url"),
    );
    expect(keys.encryption).not.toHaveProperty("tls");
  });

  test("a signing key from before mTLS gets its certificate once, however many instances start", async () => {
    const row = await signingRow();
    const { x5c: _dropped, ...withoutCertificate } = row.publicJwk as JWK;
    await db.prisma.signingKey.update({
      where: { id: row.id },
      data: { publicJwk: withoutCertificate as object },
    });
    expect((await createFederationKeyring(db.prisma, kek)()).signing.tls).toBeUndefined();

    await Promise.all([
      ensureFederationCertificates(db.prisma, kek),
      ensureFederationCertificates(db.prisma, kek),
      ensureFederationCertificates(db.prisma, kek),
    ]);
    const updated = (await signingRow()).publicJwk as JWK;
    expect(updated.kid).toBe(row.kid);
    const certificate = certificateOf(updated);
    expect(
      createPublicKey({ key: withoutCertificate as never, format: "jwk" }).equals(
        certificate.publicKey,
      ),
    ).toBe(true);

    // A later start keeps it: the insurers registered its thumbprint.
    await ensureFederationCertificates(db.prisma, kek);
    expect(((await signingRow()).publicJwk as JWK).x5c).toEqual(updated.x5c);
  });
});
