/**
 * The TLS server certificate of the sandbox's mTLS listener (the insurers' `mtls_endpoint_aliases`,
 * RFC 8705 §5): self-signed, for localhost and the listener's host name, made at start-up. With a
 * directory (SANDBOX_TLS_DIR) it is written there as server-cert.pem / server-key.pem and reused
 * by the next start, so a broker that trusts that file (UPSTREAM_TLS_CA_FILE) keeps trusting it.
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { isIP } from "node:net";
import path from "node:path";

export const SERVER_CERT_FILE = "server-cert.pem";
export const SERVER_KEY_FILE = "server-key.pem";

/** A certificate closer than this to its end is made anew rather than reused. */
const RENEW_BEFORE_MS = 7 * 24 * 3600_000;
const VALIDITY_MS = 365 * 24 * 3600_000;

export interface ServerCertificate {
  /** PEM: what the listener presents, and what a client trusts (it is its own issuer). */
  cert: string;
  /** PEM (PKCS #8). */
  key: string;
}

/** Host names the certificate must name: loopback always, and the public listener's host. */
function subjectNames(hosts: readonly string[]): x509.JsonGeneralName[] {
  const all = new Set(["localhost", "127.0.0.1", "::1", ...hosts]);
  return [...all].map((host) => ({ type: isIP(host) ? "ip" : "dns", value: host }));
}

async function generate(hosts: readonly string[]): Promise<ServerCertificate> {
  const algorithm = { name: "ECDSA", namedCurve: "P-256" };
  const keys = await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: "CN=Lotse sandbox (mTLS endpoints)",
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + VALIDITY_MS),
      keys,
      signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
      extensions: [
        // Its own trust anchor: a client trusts exactly this certificate (Node's `ca`).
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(subjectNames(hosts)),
      ],
    },
    crypto,
  );
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", keys.privateKey);
  return {
    cert: certificate.toString("pem"),
    key: x509.PemConverter.encode(pkcs8, "PRIVATE KEY"),
  };
}

/** Whether a stored certificate belongs to its key and can serve these hosts for a while yet. */
function usable(stored: ServerCertificate, hosts: readonly string[]): boolean {
  try {
    const certificate = new X509Certificate(stored.cert);
    if (!certificate.checkPrivateKey(createPrivateKey(stored.key))) return false;
    if (Date.parse(certificate.validTo) - Date.now() < RENEW_BEFORE_MS) return false;
    return hosts.every((host) =>
      isIP(host)
        ? certificate.checkIP(host) !== undefined
        : certificate.checkHost(host) !== undefined,
    );
  } catch {
    return false;
  }
}

async function readStored(dir: string): Promise<ServerCertificate | undefined> {
  try {
    const [cert, key] = await Promise.all([
      readFile(path.join(dir, SERVER_CERT_FILE), "utf8"),
      readFile(path.join(dir, SERVER_KEY_FILE), "utf8"),
    ]);
    return { cert, key };
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file, so a reader never sees half a PEM. */
async function writeAtomically(file: string, content: string, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content, { mode });
  await rename(temporary, file);
}

/**
 * The listener's certificate for `hosts` (besides loopback): the stored one in `dir` while it
 * is valid for them, else a new one (stored in `dir` when given).
 */
export async function loadServerCertificate(
  dir: string | undefined,
  hosts: readonly string[] = [],
): Promise<ServerCertificate> {
  if (dir) {
    const stored = await readStored(dir);
    if (stored && usable(stored, hosts)) return stored;
  }
  const created = await generate(hosts);
  if (dir) {
    await mkdir(dir, { recursive: true });
    await writeAtomically(path.join(dir, SERVER_KEY_FILE), created.key, 0o600);
    await writeAtomically(path.join(dir, SERVER_CERT_FILE), created.cert, 0o644);
  }
  return created;
}
