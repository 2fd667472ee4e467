/** The broker's choice of client authentication per insurer, and its TLS client toward them. */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TLSSocket } from "node:tls";
import { generateKeyPair } from "jose";
import type { CustomFetchOptions } from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateKey } from "../keys/generate-key.js";
import type { FederationKeys } from "../keys/federation-keys.js";
import { selfSignedCertificate, tlsClientCredentials } from "../keys/tls-client-certificate.js";
import {
  chooseClientAuthMethod,
  createUpstreamTls,
  UnsupportedClientAuth,
  type UpstreamTls,
} from "./client-auth.js";
import { upstreamCaFile } from "./upstream-ca-file.js";

describe("chooseClientAuthMethod", () => {
  test.each([
    [["private_key_jwt"], "private_key_jwt"],
    [["self_signed_tls_client_auth"], "self_signed_tls_client_auth"],
    // Both offered: private_key_jwt, whatever the insurer's order.
    [["self_signed_tls_client_auth", "private_key_jwt"], "private_key_jwt"],
    [["client_secret_basic", "self_signed_tls_client_auth"], "self_signed_tls_client_auth"],
  ])("%j → %s", (offered, expected) => {
    expect(chooseClientAuthMethod({ token_endpoint_auth_methods_supported: offered })).toBe(
      expected,
    );
  });

  test("an insurer that says nothing gets private_key_jwt", () => {
    expect(chooseClientAuthMethod({})).toBe("private_key_jwt");
  });

  test.each([[[]], [["client_secret_basic", "tls_client_auth", "client_secret_jwt"]]])(
    "%j: no method the broker speaks, refused by name",
    (offered) => {
      expect(() =>
        chooseClientAuthMethod({ token_endpoint_auth_methods_supported: offered }),
      ).toThrow(UnsupportedClientAuth);
    },
  );
});

/** A local HTTPS server that asks for a client certificate and answers with the one it got. */
async function startTlsServer() {
  const algorithm = { name: "ECDSA", namedCurve: "P-256" };
  const keys = await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: "CN=insurer",
      keys,
      signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.SubjectAlternativeNameExtension([{ type: "dns", value: "localhost" }]),
      ],
    },
    crypto,
  );
  const cert = certificate.toString("pem");
  const key = x509.PemConverter.encode(
    await crypto.subtle.exportKey("pkcs8", keys.privateKey),
    "PRIVATE KEY",
  );
  const server = https.createServer(
    { key, cert, requestCert: true, rejectUnauthorized: false },
    (request, response) => {
      const peer = (request.socket as TLSSocket).getPeerX509Certificate();
      response.setHeader("content-type", "application/json");
      response.statusCode = request.url === "/down" ? 503 : 200;
      response.end(JSON.stringify({ peer: peer ? peer.fingerprint256 : null }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, cert, url: `https://localhost:${(server.address() as AddressInfo).port}` };
}

async function federationKeys(): Promise<FederationKeys> {
  const sig = await generateKey("ES256");
  const x5c = [await selfSignedCertificate(sig.privateJwk, sig.publicJwk)];
  const { privateKey } = await generateKeyPair("ES256");
  return {
    signing: { kid: sig.kid, privateKey, tls: tlsClientCredentials(sig.privateJwk, x5c) },
    encryption: { kid: "enc", privateKey },
  };
}

describe("the upstream TLS client", () => {
  let insurer: Awaited<ReturnType<typeof startTlsServer>>;
  let keys: FederationKeys;
  let tls: UpstreamTls;
  const get: CustomFetchOptions = {
    method: "GET",
    headers: {},
    redirect: "manual",
    body: undefined,
  };

  beforeAll(async () => {
    [insurer, keys] = await Promise.all([startTlsServer(), federationKeys()]);
    // Read lazily, as UPSTREAM_TLS_CA_FILE is.
    tls = createUpstreamTls({ ca: async () => insurer.cert });
  });
  afterAll(async () => {
    await tls?.close();
    insurer?.server.close();
  });

  test("self_signed_tls_client_auth presents the federation key's certificate and uses the mTLS aliases", async () => {
    const auth = await tls.clientAuthFor(
      { token_endpoint_auth_methods_supported: ["self_signed_tls_client_auth"] },
      keys,
    );
    expect(auth.method).toBe("self_signed_tls_client_auth");
    expect(auth.metadata).toEqual({
      token_endpoint_auth_method: "self_signed_tls_client_auth",
      use_mtls_endpoint_aliases: true,
    });
    const response = await auth.send(`${insurer.url}/token`, get);
    expect(response).toBeInstanceOf(Response);
    const expected = new X509Certificate(keys.signing.tls!.cert);
    expect(await response.json()).toEqual({ peer: expected.fingerprint256 });
  });

  test("private_key_jwt sends no certificate, and trusts the extra CA too", async () => {
    const auth = await tls.clientAuthFor(
      { token_endpoint_auth_methods_supported: ["private_key_jwt", "self_signed_tls_client_auth"] },
      keys,
    );
    expect(auth.method).toBe("private_key_jwt");
    expect(auth.metadata).toEqual({ token_endpoint_auth_method: "private_key_jwt" });
    expect(await (await auth.send(`${insurer.url}/token`, get)).json()).toEqual({ peer: null });
  });

  test("an insurer's error status arrives as it was sent (upstream-error.ts reads it)", async () => {
    const auth = await tls.clientAuthFor(
      { token_endpoint_auth_methods_supported: ["self_signed_tls_client_auth"] },
      keys,
    );
    const response = await auth.send(`${insurer.url}/down`, get);
    expect(response.status).toBe(503);
  });

  test("without the extra CA the sandbox's self-signed certificate is not trusted", async () => {
    const untrusting = createUpstreamTls();
    const auth = await untrusting.clientAuthFor(
      { token_endpoint_auth_methods_supported: ["self_signed_tls_client_auth"] },
      keys,
    );
    await expect(auth.send(`${insurer.url}/token`, get)).rejects.toThrow();
    await untrusting.close();
  });

  test("the CA file is read once per insurer configuration, and only for https", async () => {
    let reads = 0;
    const counting = createUpstreamTls({
      ca: async () => {
        reads += 1;
        return insurer.cert;
      },
    });
    const plain = http.createServer((_request, response) => response.end("{}"));
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    try {
      const auth = await counting.clientAuthFor(
        { token_endpoint_auth_methods_supported: ["self_signed_tls_client_auth"] },
        keys,
      );
      // Plain http (the loopback sandbox's own endpoints): no TLS, nothing to read.
      const port = (plain.address() as AddressInfo).port;
      expect((await auth.send(`http://127.0.0.1:${port}/`, get)).status).toBe(200);
      expect(reads).toBe(0);
      await auth.send(`${insurer.url}/token`, get);
      await auth.send(`${insurer.url}/token`, get);
      expect(reads).toBe(1);
      // The federation's documents: read each time, so a renewed certificate counts at once.
      await counting.send(`${insurer.url}/entity`, get);
      await counting.send(`${insurer.url}/entity`, get);
      expect(reads).toBe(3);
    } finally {
      plain.close();
      await counting.close();
    }
  });

  test("an unreadable CA file fails the https request, and the next request reads it again", async () => {
    let present = false;
    const flaky = createUpstreamTls({
      ca: async () => {
        if (!present) throw new Error("ENOENT: no such file");
        return insurer.cert;
      },
    });
    const auth = await flaky.clientAuthFor(
      { token_endpoint_auth_methods_supported: ["private_key_jwt"] },
      keys,
    );
    await expect(auth.send(`${insurer.url}/token`, get)).rejects.toThrow(/ENOENT/);
    present = true;
    expect((await auth.send(`${insurer.url}/token`, get)).status).toBe(200);
    await flaky.close();
  });

  test("UPSTREAM_TLS_CA_FILE renewed: the federation's next request trusts the new certificate", async () => {
    const renewed = await startTlsServer();
    const dir = mkdtempSync(path.join(tmpdir(), "lotse-ca-"));
    const file = path.join(dir, "ca.pem");
    writeFileSync(file, insurer.cert);
    const reading = createUpstreamTls({ ca: upstreamCaFile(file) });
    try {
      expect((await reading.send(`${insurer.url}/entity`, get)).status).toBe(200);
      // The server's new certificate is not in the file yet: not trusted.
      await expect(reading.send(`${renewed.url}/entity`, get)).rejects.toThrow();
      writeFileSync(file, renewed.cert);
      // A renewal comes long after the first write; here they are milliseconds apart, maybe
      // within one tick of the kernel's file clock, so the renewal's time is set as it would be.
      const later = statSync(file).mtimeMs / 1000 + 60;
      utimesSync(file, later, later);
      expect((await reading.send(`${renewed.url}/entity`, get)).status).toBe(200);
    } finally {
      renewed.server.close();
      await reading.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("mTLS with a signing key that has no certificate is refused, not sent without one", async () => {
    const withoutCertificate: FederationKeys = {
      ...keys,
      signing: { kid: keys.signing.kid, privateKey: keys.signing.privateKey },
    };
    await expect(
      tls.clientAuthFor(
        { token_endpoint_auth_methods_supported: ["self_signed_tls_client_auth"] },
        withoutCertificate,
      ),
    ).rejects.toThrow(/no TLS client certificate/);
  });
});
