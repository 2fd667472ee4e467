/**
 * The Grafana dashboard (deploy/grafana/lotse.json) queries only metrics the broker defines
 * (apps/broker/src/metrics/registry.ts), so a renamed metric fails here, not on a blank panel.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const registry = path.join(root, "apps/broker/src/metrics/registry.ts");

type Panel = { type: string; title: string; targets?: { expr: string }[] };
const dashboard = JSON.parse(
  readFileSync(path.join(root, "deploy/grafana/lotse.json"), "utf8"),
) as { uid: string; panels: Panel[] };
const expressions = dashboard.panels.flatMap((panel) => panel.targets?.map((t) => t.expr) ?? []);

describe("the Grafana dashboard", () => {
  it("has panels with queries, each scoped to the $job variable", () => {
    expect(dashboard.uid).toBe("lotse-broker");
    expect(expressions.length).toBeGreaterThan(10);
    for (const expr of expressions) expect(expr).toContain('job=~"$job"');
  });

  it.skipIf(!existsSync(registry))("queries only metrics the broker defines", () => {
    const defined = new Set(
      [...readFileSync(registry, "utf8").matchAll(/name: "(lotse_[a-z_]+)"/g)].map((m) => m[1]),
    );
    const used = new Set(
      expressions.flatMap((expr) =>
        [...expr.matchAll(/\b(lotse_[a-z_]+)/g)].map((m) =>
          m[1]!.replace(/_(bucket|count|sum)$/, ""),
        ),
      ),
    );
    for (const name of used) expect(defined, name).toContain(name);
  });
});
