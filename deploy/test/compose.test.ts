/**
 * The Docker Compose files, read as compose would merge them (without docker compose, which is
 * not installed here, docs/deployment.md): the local trial's override (compose.sandbox.yaml)
 * wires the sandbox's mTLS listener to the brokers (issue 15: the insurer sued accepts only
 * self_signed_tls_client_auth), and the production file alone mounts and trusts nothing of it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const deployDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

type Service = {
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, unknown>;
  mem_limit?: string;
};
type ComposeFile = { services: Record<string, Service>; volumes?: Record<string, unknown> };

const read = (file: string) =>
  parse(readFileSync(path.join(deployDir, file), "utf8"), { merge: true }) as ComposeFile;

/** Compose's merge of service definitions: maps by key, volumes by mount path. */
function merged(...files: ComposeFile[]): ComposeFile {
  const services: Record<string, Service> = {};
  for (const file of files) {
    for (const [name, service] of Object.entries(file.services)) {
      const base = services[name] ?? {};
      services[name] = {
        ...base,
        ...service,
        environment: { ...base.environment, ...service.environment },
        depends_on: { ...base.depends_on, ...service.depends_on },
        volumes: [...(base.volumes ?? []), ...(service.volumes ?? [])],
      };
    }
  }
  return { services, volumes: Object.assign({}, ...files.map((f) => f.volumes ?? {})) };
}

const base = read("compose.yaml");
const trial = merged(base, read("compose.sandbox.yaml"));
const brokers = ["broker-1", "broker-2"];

/** The named volume mounted at the folder of `file`, and whether read-only. */
function volumeAt(service: Service, file: string) {
  for (const spec of service.volumes ?? []) {
    const [source, target, mode] = spec.split(":");
    if (file.startsWith(`${target}/`)) return { source, readOnly: mode === "ro" };
  }
  return undefined;
}

describe("the compose trial's mTLS wiring (compose.sandbox.yaml)", () => {
  const sandbox = trial.services.sandbox!;

  it("the sandbox's mTLS listener: by its service name, on the compose network only", () => {
    const url = new URL(sandbox.environment!.SANDBOX_MTLS_URL!);
    // The host the sandbox's certificate names, and the name the brokers resolve.
    expect(url.hostname).toBe("sandbox");
    expect(url.protocol).toBe("https:");
    const dockerfile = readFileSync(path.join(deployDir, "docker/sandbox.Dockerfile"), "utf8");
    expect(dockerfile).toContain(`SANDBOX_MTLS_PORT=${url.port}`);
    expect(sandbox.ports).toBeUndefined();
  });

  it("its certificate in a named volume the sandbox may write as uid 1000", () => {
    const tlsDir = sandbox.environment!.SANDBOX_TLS_DIR!;
    const volume = volumeAt(sandbox, `${tlsDir}/server-cert.pem`);
    expect(volume).toEqual({ source: "sandbox-tls", readOnly: false });
    expect(trial.volumes).toHaveProperty("sandbox-tls");
    // A fresh volume copies the image's folder with its owner (compose.yaml runs read_only).
    const dockerfile = readFileSync(path.join(deployDir, "docker/sandbox.Dockerfile"), "utf8");
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("FROM "));
    const chown = runtime.indexOf(`chown 1000:1000 ${tlsDir}`);
    expect(chown).toBeGreaterThan(-1);
    expect(chown).toBeLessThan(runtime.indexOf("USER 1000:1000"));
  });

  it("both brokers trust that certificate, read-only, once the sandbox is up", () => {
    for (const name of brokers) {
      const broker = trial.services[name]!;
      const caFile = broker.environment!.UPSTREAM_TLS_CA_FILE!;
      expect(path.basename(caFile), name).toBe("server-cert.pem");
      expect(volumeAt(broker, caFile), name).toEqual({ source: "sandbox-tls", readOnly: true });
      expect(broker.depends_on, name).toHaveProperty("sandbox", { condition: "service_healthy" });
      // The base file's settings stay (merged, not replaced).
      expect(broker.depends_on, name).toHaveProperty("migrate");
      expect(broker.environment!.BROKER_ISSUER, name).toBeDefined();
    }
  });

  it("compose.yaml alone (production) mounts and trusts nothing of the sandbox", () => {
    for (const name of brokers) {
      const broker = merged(base).services[name]!;
      expect(broker.environment, name).not.toHaveProperty("UPSTREAM_TLS_CA_FILE");
      expect(broker.volumes, name).toEqual([]);
      expect(broker.depends_on, name).not.toHaveProperty("sandbox");
    }
    expect(base.volumes).not.toHaveProperty("sandbox-tls");
  });
});

describe("the brokers' memory (issue 16)", () => {
  it("each broker has the Helm chart's memory limit, from which Node sizes its heap", () => {
    const values = parse(readFileSync(path.join(deployDir, "helm/lotse/values.yaml"), "utf8")) as {
      broker: { resources: { limits: { memory: string } } };
    };
    const chartLimit = values.broker.resources.limits.memory;
    for (const name of brokers) {
      const limit = base.services[name]!.mem_limit;
      expect(limit, name).toBeDefined();
      // 512Mi in the chart, 512m in compose: both mean 512 * 2^20 bytes.
      expect(limit!.replace(/m$/, "Mi"), name).toBe(chartLimit);
    }
  });
});
