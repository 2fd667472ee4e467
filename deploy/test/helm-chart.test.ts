/**
 * The Helm chart (deploy/helm/lotse), rendered without helm: every template through the
 * Go-template subset of ./go-template.ts with the chart's values plus a release's, then parsed
 * as YAML and checked for what issue 17 requires (kinds, probes, security context, secrets only
 * in Secrets). `helm template`/`helm lint` were not run here (docs/deployment.md).
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import {
  Renderer,
  selfSignedCertArguments,
  TemplateError,
  type ClusterObject,
} from "./go-template.js";

const chartDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../helm/lotse");

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
};

const SECRETS = {
  databaseUrl: "postgresql://lotse:db-password-1234@db.internal:5432/lotse",
  kek: "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG",
  authSecret: "portal-auth-secret-portal-auth-secret-0123",
};

const releaseValues = {
  database: { url: SECRETS.databaseUrl },
  kek: { value: SECRETS.kek },
  portalAuth: { value: SECRETS.authSecret },
  broker: {
    issuer: "https://id.example.org",
    federationMasterUrl: "https://fed.example.org",
    federationTrustAnchorJwks: '{"keys":[{"kty":"EC","crv":"P-256","x":"x","y":"y","kid":"fed"}]}',
  },
  portal: { url: "https://portal.example.org" },
  ingress: { brokerHost: "id.example.org", portalHost: "portal.example.org" },
};

function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (
    base &&
    over &&
    typeof base === "object" &&
    typeof over === "object" &&
    !Array.isArray(base) &&
    !Array.isArray(over)
  ) {
    const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [key, value] of Object.entries(over)) result[key] = merge(result[key], value);
    return result;
  }
  return over;
}

const templateFiles = () =>
  readdirSync(path.join(chartDir, "templates")).filter((file) => /\.(yaml|tpl)$/.test(file));

/** What `helm template lotse deploy/helm/lotse -f <values>` would print, as objects. */
function render(overrides: unknown = {}, cluster: ClusterObject[] = []): Manifest[] {
  const defaults = parse(readFileSync(path.join(chartDir, "values.yaml"), "utf8")) as unknown;
  const chart = parse(readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as {
    name: string;
    version: string;
    appVersion: string;
  };
  const root = {
    Values: merge(merge(defaults, releaseValues), overrides),
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
    Release: { Name: "lotse", Namespace: "lotse", Service: "Helm" },
  };
  const renderer = new Renderer(cluster);
  for (const file of templateFiles().filter((f) => f.endsWith(".tpl")))
    renderer.addHelpers(readFileSync(path.join(chartDir, "templates", file), "utf8"));
  const manifests: Manifest[] = [];
  for (const file of templateFiles().filter((f) => f.endsWith(".yaml"))) {
    const text = renderer.render(
      readFileSync(path.join(chartDir, "templates", file), "utf8"),
      root,
    );
    for (const document of parseAllDocuments(text)) {
      expect(document.errors, `${file}: ${document.errors.join("; ")}`).toEqual([]);
      const object = document.toJS() as Manifest | null;
      if (object) manifests.push(object);
    }
  }
  return manifests;
}

const ofKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);
const byName = (manifests: Manifest[], kind: string, suffix: string) => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name.endsWith(suffix));
  if (!found) throw new Error(`no ${kind} named *${suffix}`);
  return found;
};

type Container = {
  name: string;
  image: string;
  ports?: { name: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  securityContext: Record<string, unknown>;
  livenessProbe?: { httpGet: { path: string } };
  readinessProbe?: { httpGet: { path: string } };
  env?: { name: string; value?: string; valueFrom?: unknown }[];
};
type Volume = {
  name: string;
  secret?: { secretName: string; items?: { key: string; path: string }[] };
};
type PodSpec = {
  containers: Container[];
  securityContext: Record<string, unknown>;
  volumes?: Volume[];
};
const podSpec = (m: Manifest) => (m.spec as { template: { spec: PodSpec } }).template.spec;

describe("the Helm chart deploy/helm/lotse", () => {
  it("has its metadata files and parses as YAML", () => {
    for (const file of ["Chart.yaml", "values.yaml"]) {
      expect(() => parse(readFileSync(path.join(chartDir, file), "utf8")) as unknown).not.toThrow();
    }
    expect(templateFiles()).toContain("_helpers.tpl");
  });

  it("renders the required kinds", () => {
    const manifests = render();
    const kinds = new Set(manifests.map((m) => m.kind));
    for (const kind of [
      "Deployment",
      "Service",
      "Ingress",
      "HorizontalPodAutoscaler",
      "PodDisruptionBudget",
      "Secret",
      "ConfigMap",
      "Job",
      "NetworkPolicy",
    ])
      expect(kinds, kind).toContain(kind);
    expect(ofKind(manifests, "Deployment").map((d) => d.metadata.name)).toEqual([
      "lotse-broker",
      "lotse-portal",
    ]);
  });

  it("runs at least two brokers, scaled by the HPA", () => {
    const manifests = render();
    const hpa = byName(manifests, "HorizontalPodAutoscaler", "-broker").spec!;
    expect(hpa.minReplicas).toBeGreaterThanOrEqual(2);
    expect(byName(manifests, "PodDisruptionBudget", "-broker").spec!.minAvailable).toBe(1);
    // The HPA owns the replica count; a fixed one would fight it on every upgrade.
    expect(byName(manifests, "Deployment", "-broker").spec!.replicas).toBeUndefined();
    const fixed = render({ broker: { autoscaling: { enabled: false } } });
    expect(ofKind(fixed, "HorizontalPodAutoscaler")).toEqual([]);
    expect(byName(fixed, "Deployment", "-broker").spec!.replicas).toBe(2);
  });

  it("probes /healthz for liveness and /readyz for readiness, and runs as non-root", () => {
    for (const deployment of ofKind(
      render({
        sandbox: { enabled: true, url: "https://s.example.org" },
        ingress: { sandboxHost: "s.example.org" },
      }),
      "Deployment",
    )) {
      const spec = podSpec(deployment);
      expect(spec.securityContext.runAsNonRoot, deployment.metadata.name).toBe(true);
      for (const container of spec.containers) {
        expect(container.livenessProbe?.httpGet.path).toBe("/healthz");
        expect(container.readinessProbe?.httpGet.path).toBe("/readyz");
        expect(container.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        });
        expect(container.image).toMatch(/^ghcr\.io\/example\/lotse\/[a-z-]+:0\.1\.0$/);
      }
    }
  });

  it("migrates as a pre-install/pre-upgrade hook Job, after the database Secret exists", () => {
    const manifests = render();
    const job = byName(manifests, "Job", "-migrate");
    expect(job.metadata.annotations?.["helm.sh/hook"]).toBe("pre-install,pre-upgrade");
    const secret = byName(manifests, "Secret", "-database");
    expect(Number(secret.metadata.annotations?.["helm.sh/hook-weight"])).toBeLessThan(
      Number(job.metadata.annotations?.["helm.sh/hook-weight"]),
    );
    const container = podSpec(job).containers[0]!;
    expect(container.image).toContain("/migrate:");
    expect(container.env?.find((e) => e.name === "DATABASE_URL")?.valueFrom).toBeDefined();
  });

  it("keeps secret values out of ConfigMaps and plain env values", () => {
    const manifests = render();
    const visible = JSON.stringify([
      ...ofKind(manifests, "ConfigMap"),
      ...ofKind(manifests, "Deployment"),
      ...ofKind(manifests, "Job"),
    ]);
    for (const value of [...Object.values(SECRETS), "db-password-1234"])
      expect(visible).not.toContain(value);
    const secrets = JSON.stringify(ofKind(manifests, "Secret"));
    for (const value of Object.values(SECRETS)) expect(secrets).toContain(value);
  });

  it("uses existing Secrets instead of creating its own", () => {
    const manifests = render({
      database: { url: "", existingSecret: "lotse-db" },
      kek: { value: "", existingSecret: "lotse-kek" },
      portalAuth: { value: "", existingSecret: "lotse-portal" },
    });
    expect(ofKind(manifests, "Secret")).toEqual([]);
    const env = podSpec(byName(manifests, "Deployment", "-broker")).containers[0]!.env!;
    expect(JSON.stringify(env)).toContain('"name":"lotse-kek"');
    expect(JSON.stringify(env)).toContain('"name":"lotse-db"');
  });

  it("limits the network: broker ← ingress and portal, → PostgreSQL and https; portal → broker", () => {
    const manifests = render();
    const broker = byName(manifests, "NetworkPolicy", "-broker").spec as {
      policyTypes: string[];
      ingress: { from: unknown[] }[];
      egress: { to?: unknown[]; ports: { port: number }[] }[];
    };
    expect(broker.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(JSON.stringify(broker.ingress)).toContain('"app.kubernetes.io/component":"portal"');
    expect(broker.egress.flatMap((rule) => rule.ports.map((p) => p.port))).toEqual(
      expect.arrayContaining([53, 5432, 443]),
    );
    const portal = JSON.stringify(byName(manifests, "NetworkPolicy", "-portal").spec);
    expect(portal).toContain('"app.kubernetes.io/component":"broker"');
    expect(portal).toContain('"port":5432');
  });

  it("stops with a message naming a missing required value", () => {
    expect(() => render({ broker: { issuer: "" } })).toThrow(TemplateError);
    expect(() => render({ broker: { issuer: "" } })).toThrow(/broker\.issuer is required/);
    expect(() => render({ kek: { value: "" } })).toThrow(/kek\.value or kek\.existingSecret/);
  });

  it("leaves the portal and sandbox out when disabled", () => {
    const manifests = render({ portal: { enabled: false } });
    expect(ofKind(manifests, "Deployment").map((d) => d.metadata.name)).toEqual(["lotse-broker"]);
    expect(manifests.some((m) => m.metadata.name.endsWith("-portal"))).toBe(false);
  });

  describe("the sandbox's mTLS listener (issue 15: sued accepts only self_signed_tls_client_auth)", () => {
    const withSandbox = {
      broker: { mode: "development" },
      sandbox: { enabled: true, url: "https://sandbox.example.org" },
      ingress: { sandboxHost: "sandbox.example.org" },
    };
    const envOf = (container: Container, name: string) =>
      container.env?.find((e) => e.name === name)?.value;
    /** The secret volume mounted read-only at the folder of `file`, and the name it gives `file` there. */
    const secretFileAt = (spec: PodSpec, file: string) => {
      const container = spec.containers[0]!;
      const mount = container.volumeMounts?.find((m) => file.startsWith(`${m.mountPath}/`));
      expect(mount?.readOnly, `${file} on a read-only mount`).toBe(true);
      const volume = spec.volumes?.find((v) => v.name === mount!.name);
      return { volume: volume!, path: file.slice(mount!.mountPath.length + 1) };
    };

    it("serves a self-signed certificate for the Service's in-cluster name, from a Secret", () => {
      const manifests = render(withSandbox);
      const sandbox = podSpec(byName(manifests, "Deployment", "-sandbox"));
      const container = sandbox.containers[0]!;
      const mtlsUrl = new URL(envOf(container, "SANDBOX_MTLS_URL")!);
      expect(mtlsUrl.href).toBe("https://lotse-sandbox.lotse.svc:4143/");
      expect(envOf(container, "SANDBOX_MTLS_PORT")).toBe("4143");
      expect(container.ports).toContainEqual({
        name: "mtls",
        containerPort: 4143,
        protocol: "TCP",
      });

      // The Service the URL names carries the port; the ingress does not route to it.
      const service = byName(manifests, "Service", "-sandbox");
      expect(mtlsUrl.hostname.split(".")[0]).toBe(service.metadata.name);
      expect(service.spec!.ports).toContainEqual({
        name: "mtls",
        port: 4143,
        targetPort: "mtls",
        protocol: "TCP",
      });
      expect(JSON.stringify(byName(manifests, "Ingress", "lotse").spec)).not.toContain("mtls");

      // SANDBOX_TLS_DIR holds server-cert.pem and server-key.pem from the Secret, read-only.
      const tlsDir = envOf(container, "SANDBOX_TLS_DIR")!;
      const { volume, path: certPath } = secretFileAt(sandbox, `${tlsDir}/server-cert.pem`);
      expect(certPath).toBe("server-cert.pem");
      expect(volume.secret?.items).toEqual([
        { key: "tls.crt", path: "server-cert.pem" },
        { key: "tls.key", path: "server-key.pem" },
      ]);
      const secret = byName(manifests, "Secret", volume.secret!.secretName) as Manifest & {
        type: string;
      };
      expect(secret.type).toBe("kubernetes.io/tls");
      const made = selfSignedCertArguments(
        Buffer.from(secret.data!["tls.crt"]!, "base64").toString(),
      );
      // The sandbox reuses a provided certificate only if it names SANDBOX_MTLS_URL's host.
      expect(made.alternateNames).toContain(mtlsUrl.hostname);
      expect(made.alternateNames).toContain("lotse-sandbox");
      expect(made.days).toBeGreaterThanOrEqual(365);
      expect(Buffer.from(secret.data!["tls.key"]!, "base64").toString()).toContain("PRIVATE KEY");
    });

    it("the brokers trust that certificate, without its key, and may reach the port", () => {
      const manifests = render(withSandbox);
      const caFile = byName(manifests, "ConfigMap", "-broker").data!.UPSTREAM_TLS_CA_FILE!;
      const broker = podSpec(byName(manifests, "Deployment", "-broker"));
      const { volume, path: caPath } = secretFileAt(broker, caFile);
      expect(volume.secret?.secretName).toBe("lotse-sandbox-tls");
      expect(volume.secret?.items).toEqual([{ key: "tls.crt", path: caPath }]);

      const policy = byName(manifests, "NetworkPolicy", "-broker").spec as {
        egress: {
          to?: { podSelector?: { matchLabels: Record<string, string> } }[];
          ports: { port: number }[];
        }[];
      };
      const toSandbox = policy.egress.find(
        (rule) =>
          rule.to?.[0]?.podSelector?.matchLabels["app.kubernetes.io/component"] === "sandbox",
      );
      expect(toSandbox?.ports.map((p) => p.port)).toEqual([4100, 4143]);
    });

    it("keeps the certificate an earlier install made", () => {
      const existing = { "tls.crt": "ZXhpc3RpbmctY2VydA==", "tls.key": "ZXhpc3Rpbmcta2V5" };
      const manifests = render(withSandbox, [
        {
          apiVersion: "v1",
          kind: "Secret",
          namespace: "lotse",
          name: "lotse-sandbox-tls",
          object: { data: existing },
        },
      ]);
      expect(byName(manifests, "Secret", "-sandbox-tls").data).toEqual(existing);
      expect(byName(render(withSandbox), "Secret", "-sandbox-tls").data).not.toEqual(existing);
    });

    it("is absent, and the brokers trust no sandbox, without the sandbox", () => {
      const manifests = render();
      expect(manifests.some((m) => m.metadata.name.includes("sandbox"))).toBe(false);
      expect(byName(manifests, "ConfigMap", "-broker").data!.UPSTREAM_TLS_CA_FILE).toBeUndefined();
      expect(JSON.stringify(byName(manifests, "Deployment", "-broker"))).not.toContain("sandbox");
    });
  });
});
