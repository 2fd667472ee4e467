/** The mTLS listener's server certificate: made once, kept in SANDBOX_TLS_DIR, trusted as it is. */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { createPrivateKey, X509Certificate } from "node:crypto";
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadServerCertificate, SERVER_CERT_FILE, SERVER_KEY_FILE } from "./server-certificate.js";

/**
 * A certificate as Helm's genSelfSignedCert makes it (sprig's crypto.go): RSA 2048, the key as
 * PKCS #1, not a CA, for the given DNS names; the chart's sandbox Secret holds one.
 */
async function helmLikeCertificate(dnsNames: string[]): Promise<{ cert: string; key: string }> {
  const algorithm = {
    name: "RSASSA-PKCS1-v1_5",
    hash: "SHA-256",
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: `CN=${dnsNames[0]}`,
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 3650 * 24 * 3600_000),
      keys,
      signingAlgorithm: algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.digitalSignature,
        ),
        new x509.ExtendedKeyUsageExtension([
          x509.ExtendedKeyUsage.serverAuth,
          x509.ExtendedKeyUsage.clientAuth,
        ]),
        new x509.SubjectAlternativeNameExtension(
          dnsNames.map((value) => ({ type: "dns" as const, value })),
        ),
      ],
    },
    crypto,
  );
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", keys.privateKey);
  const key = createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });
  return {
    cert: certificate.toString("pem"),
    key: key.export({ type: "pkcs1", format: "pem" }).toString(),
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "sandbox-tls-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadServerCertificate", () => {
  test("a self-signed certificate for loopback and the public host, its key beside it", async () => {
    const created = await loadServerCertificate(dir, ["mtls.sandbox.example"]);
    const certificate = new X509Certificate(created.cert);
    expect(certificate.checkPrivateKey(createPrivateKey(created.key))).toBe(true);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.checkHost("localhost")).toBe("localhost");
    expect(certificate.checkHost("mtls.sandbox.example")).toBe("mtls.sandbox.example");
    expect(certificate.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(certificate.checkHost("elsewhere.example")).toBeUndefined();

    expect(await readFile(path.join(dir, SERVER_CERT_FILE), "utf8")).toBe(created.cert);
    expect(await readFile(path.join(dir, SERVER_KEY_FILE), "utf8")).toBe(created.key);
    // The private key is for the sandbox alone.
    expect((await stat(path.join(dir, SERVER_KEY_FILE))).mode & 0o077).toBe(0);
  });

  test("the next start reuses it, so a broker that trusts the file keeps trusting it", async () => {
    const first = await loadServerCertificate(dir);
    expect(await loadServerCertificate(dir)).toEqual(first);
  });

  test("a stored certificate that does not name the host, or not its key, is made anew", async () => {
    const first = await loadServerCertificate(dir);
    const otherHost = await loadServerCertificate(dir, ["mtls.sandbox.example"]);
    expect(otherHost.cert).not.toBe(first.cert);

    const other = await loadServerCertificate(undefined);
    await writeFile(path.join(dir, SERVER_KEY_FILE), other.key);
    const repaired = await loadServerCertificate(dir, ["mtls.sandbox.example"]);
    expect(repaired.cert).not.toBe(otherHost.cert);
    expect(new X509Certificate(repaired.cert).checkPrivateKey(createPrivateKey(repaired.key))).toBe(
      true,
    );
  });

  test("without a directory nothing is written", async () => {
    const created = await loadServerCertificate(undefined);
    expect(new X509Certificate(created.cert).checkHost("localhost")).toBe("localhost");
  });

  test("a provided certificate in a read-only folder (the Helm chart's Secret) is used as it is", async () => {
    // The layout of a Kubernetes Secret volume: the files are links into a hidden folder.
    const host = "lotse-sandbox.lotse.svc";
    const provided = await helmLikeCertificate(["lotse-sandbox", host]);
    await mkdir(path.join(dir, "..data"));
    await writeFile(path.join(dir, "..data", SERVER_CERT_FILE), provided.cert);
    await writeFile(path.join(dir, "..data", SERVER_KEY_FILE), provided.key);
    await symlink(path.join("..data", SERVER_CERT_FILE), path.join(dir, SERVER_CERT_FILE));
    await symlink(path.join("..data", SERVER_KEY_FILE), path.join(dir, SERVER_KEY_FILE));
    await chmod(dir, 0o555);
    const before = (await readdir(dir)).sort();

    expect(await loadServerCertificate(dir, [host])).toEqual(provided);
    // Nothing written (as root the mode above does not stop a write, so look).
    expect((await readdir(dir)).sort()).toEqual(before);
    expect(await readFile(path.join(dir, SERVER_CERT_FILE), "utf8")).toBe(provided.cert);
    await chmod(dir, 0o755);
  });
});
