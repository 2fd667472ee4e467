/** The mTLS listener's server certificate: made once, kept in SANDBOX_TLS_DIR, trusted as it is. */
import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadServerCertificate, SERVER_CERT_FILE, SERVER_KEY_FILE } from "./server-certificate.js";

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
});
